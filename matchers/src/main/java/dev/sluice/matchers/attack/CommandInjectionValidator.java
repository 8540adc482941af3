package dev.sluice.matchers.attack;

import dev.sluice.matchers.validate.ByteValidator;
import dev.sluice.matchers.validate.CandidateView;

/**
 * Validator {@code rce}: confirms remote code execution attempts, either OS command
 * injection ({@link ShellCommandScanner}: a command word, or cmd.exe's {@code FOR} and {@code IF}
 * ({@link BatchControl}), in command position, CWE-78) or
 * template/expression/interpreter injection ({@link ExpressionInjectionScanner}: CWE-917,
 * CWE-1336, CWE-94). Runs on the value as received and again after {@link
 * AttackNormalizer}. An uploaded file named as a server-side script ({@link ScriptUpload},
 * CWE-434) is a web shell on its way in.
 */
public final class CommandInjectionValidator implements ByteValidator {
    static final CommandInjectionValidator INSTANCE = new CommandInjectionValidator();

    private CommandInjectionValidator() {
    }

    @Override
    public boolean test(CandidateView candidate) {
        return AttackNormalizer.rawOrNormalized(candidate, CommandInjectionValidator::detect)
            || UploadFileName.key(candidate.key())
                && ScriptUpload.scriptName(candidate.buf(), candidate.off(), candidate.off() + candidate.len());
    }

    private static boolean detect(byte[] b, int off, int end, AttackScratch s) {
        return ShellCommandScanner.detect(b, off, end, s.lookups) || ExpressionInjectionScanner.detect(b, off, end);
    }
}
