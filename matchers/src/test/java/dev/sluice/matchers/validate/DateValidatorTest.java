package dev.sluice.matchers.validate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Exhaustive over 1900-2099: every real day passes in each format; the day after a month's end fails. */
class DateValidatorTest {
    private static final List<DateTimeFormatter> FORMATS = List.of(
            DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("yyyy/MM/dd"),
            DateTimeFormatter.ofPattern("MM/dd/yyyy"),
            DateTimeFormatter.ofPattern("dd/MM/yyyy"),
            DateTimeFormatter.ofPattern("dd.MM.yyyy"),
            DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("d. MMMM yyyy", Locale.GERMAN),
            DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH),
            DateTimeFormatter.ofPattern("yyyy年M月d日"));

    private static boolean date(String s) {
        return DateValidator.INSTANCE.test(ArrayCandidate.of(s));
    }

    @Test
    void everyDayFrom1900To2099PassesInEveryFormat() {
        for (LocalDate d = LocalDate.of(1900, 1, 1); d.getYear() < 2100; d = d.plusDays(1)) {
            for (DateTimeFormatter f : FORMATS) {
                String s = f.format(d);
                if (!date(s)) {
                    throw new AssertionError("rejected " + s);
                }
            }
        }
    }

    @Test
    void theDayAfterEachMonthsEndFailsAndYearsOutsideTheRangeFail() {
        for (int y = 1900; y < 2100; y++) {
            for (int m = 1; m <= 12; m++) {
                int next = YearMonth.of(y, m).lengthOfMonth() + 1;
                assertFalse(date(String.format("%04d-%02d-%02d", y, m, next)));
                assertFalse(date(String.format("%02d.%02d.%04d", next, m, y)));
            }
        }
        assertFalse(date("1899-12-31"));
        assertFalse(date("2100-01-01"));
        assertTrue(date("2000-02-29"));
    }
}
