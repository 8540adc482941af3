package dev.sluice.inspector;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded answers of a language model for tests of joining streamed text: forty words, about one
 * in eight a value of a detector (cards, an address, an SSN, an IBAN), and the pieces a stream
 * cuts them into.
 */
final class StreamedAnswers {
    private static final String[] SECRETS = {"4111 1111 1111 1111", "jane.roe@mailbox.org", "078-05-1120",
            "DE89 3704 0044 0532 0130 00", "5500 0000 0000 0004"};
    private static final String[] WORDS = {"the", "card", "is", "and", "then", "we", "sent", "it", "to", "mail",
            "ok", "number", "."};

    private StreamedAnswers() {
    }

    /** An answer of forty words, each after a space. */
    static String answer(Random random) {
        StringBuilder answer = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            answer.append(' ').append(random.nextInt(8) == 0 ? SECRETS[random.nextInt(SECRETS.length)]
                    : WORDS[random.nextInt(WORDS.length)]);
        }
        return answer.toString();
    }

    /** {@code answer} cut into pieces of one to seven bytes. */
    static List<String> randomPieces(String answer, Random random) {
        List<String> pieces = new ArrayList<>();
        for (int at = 0; at < answer.length(); ) {
            int n = Math.min(answer.length() - at, 1 + random.nextInt(7));
            pieces.add(answer.substring(at, at + n));
            at += n;
        }
        return pieces;
    }
}
