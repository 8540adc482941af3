package dev.sluice.matchers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's rules for values found in free text and under keys, each as the general rule
 * it is: what a {@code key=value} capture takes, which quotes and tags are not the value, and
 * how far a key's context reaches.
 */
class TextValueRulesTest {
    /** One engine for the class; JUnit closes it (and its native databases) after the last test. */
    @AutoClose
    private static final MatchEngine engine = MatchEngine.builtin();

    /** "id=value" for every finding in {@code text} scanned as one response value. */
    private static List<String> scan(String key, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        ScanSession s = engine.newSession(Direction.RESPONSE, m -> found.add(m.detector().id() + "="
                + new String(bytes, (int) m.start(), (int) (m.end() - m.start()), StandardCharsets.UTF_8)));
        s.beginValue(new FieldContext().key(key));
        s.verbatim(bytes, 0, bytes.length, 0);
        s.endValue();
        s.close();
        found.sort(null);
        return found;
    }

    @Test
    void anAmpersandThatEndsALineBelongsToTheValue() {
        assertEquals(List.of("password_field=Velvet9055&"), scan(null, "LOG_LEVEL=info\nDB_PASSWORD=Velvet9055&\nX=1\n"));
    }

    @Test
    void anAmpersandThatNoParameterFollowsBelongsToTheValue() {
        assertEquals(List.of("password_field=&CCK*fknrD5C8z#9"), scan(null, "login failed: password=&CCK*fknrD5C8z#9\n"));
        assertEquals(List.of("password_field=Ab&cd&ef9"), scan(null, "password=Ab&cd&ef9 user=x\n"));
    }

    @Test
    void anAmpersandBeforeTheNextParameterEndsTheValue() {
        assertEquals(List.of("password_field=cobalt-harbor-58"),
                scan(null, "GET /login?user=kiosk7&password=cobalt-harbor-58&next=%2F HTTP/1.1\n"));
    }

    /** A key quoted with its separator is named, not given a value; a quoted key followed by its value is. */
    @Test
    void aKeyQuotedTogetherWithItsSeparatorIsAMentionNotAValue() {
        assertEquals(List.of(), scan(null, "please add them to the \"hosts:\", \"passwd:\" and \"group:\" lines\n"));
        assertEquals(List.of(), scan(null, "never put 'password=' in a URL, it ends up in 'secret=' logs too\n"));
        assertEquals(List.of("password_field=Velvet9055x"), scan(null, "{\"password\": \"Velvet9055x\"}\n"));
        assertEquals(List.of("password_field=Velvet9055x"), scan(null, "password: \"Velvet9055x\"\n"));
        assertEquals(List.of("password_field=Velvet9055x"), scan(null, "'password'='Velvet9055x'\n"));
    }

    /** Source code assigns secret-named fields from expressions; a leaked secret is a literal. */
    @ParameterizedTest
    @ValueSource(strings = {
        "password = auth[2]\n",
        "        passwd = fallback_getpass(prompt, stream)\n",
        "self.password = config['password']\n",
        "password = self.password\n",
        "    ERRORTOKEN = token.ERRORTOKEN\n",
        "const password = process.env.DB_PASSWORD;\n",
        "    \"NMTOKEN\":  minidom.TypeInfo(None, \"nmtoken\"),\n",
        "self._authkey = process.AuthenticationString(authkey)\n",
        "[pypi]\nusername:%s\npassword:%s\n",
        "dsn = host=db password=%(password)s\n",
        "        username, password = url_user_password\n",
        "            userdata.password = password_ptr\n",
        "self.key_password = key_password\n",
        "    def build(self, password: bytes):\n",
        "    AttributeOID.CHALLENGE_PASSWORD: \"challengePassword\",\n",
        "                    token = Name.Builtin.Pseudo\n",
        "                        token = Comment.Multiline\n",
        "                token = Token.Name.Builtin.SchemeBuiltin\n",
        "            self.password = self.distribution.password\n",
        "        :param secret: The consumer secret\n",
        "    :type passphrase: :py:data:`bytes`\n",
        "            passphrase = _ffi.NULL\n",
        "    password = base64.b16encode(random_bytes[8:]).decode()\n",
        "        print(f\"password={password!r}\")\n",
        "    \"secret\": \"\u3299\",\n",
        "    let secret_number = rand::thread_rng().gen_range(1..=100);\n",
        "                TokenTree::from(Punct::new('!', Spacing::Alone)),\n",
        "    let p = Path::new(\"/etc/passwd\");\n2733 lines\n",
        "pwd = (char *) (p + ulen + 2);\n",
        "            password: (bool, optional): Hide typed text. Defaults to False.\n",
        "export PGPASSWORD=\"$gdcapi_db_password\"\n",
        "    'password' => $db_password,\n",
    })
    void codeAndFormatTemplatesAreNotValues(String text) {
        assertEquals(List.of(), scan(null, text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "password = Summer.2024x|password_field=Summer.2024x",
        "password = hunter2x|password_field=hunter2x",
        "password=Pa55(word)1|password_field=Pa55(word", // a capture stops at ')', as before
        "{\"password\": \"self.password\"}|password_field=self.password",
        "password: '%sx9Lq'|password_field=%sx9Lq",
        "password = correct_horse_9|password_field=correct_horse_9",
        "api_token = Xq7.Lm9.Zr2.Pw4.Ty8|generic_api_key=Xq7.Lm9.Zr2.Pw4.Ty8",
        "note: secret: Velvet9055x|password_field=Velvet9055x",
        "password = {Xk9pQ2Lm7}|password_field={Xk9pQ2Lm7", // a capture stops at the brace, as before
        "password=(x7Q)k2|password_field=(x7Q", // a parenthesis closed where the capture stops
        "password: \"$super$ecret\"|password_field=$super$ecret",
        "password: \"$ecret_9x\"|password_field=$ecret_9x",
    })
    void literalsThatLookLikeCodeStayValues(String text, String expected) {
        assertEquals(List.of(expected), scan(null, text + "\n"));
    }

    /** Aligned hashes (Ruby, Perl, PHP) put a column of blanks before {@code =>}; Go and Make assign with {@code :=}. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ":password       => '4ian1234',|password_field=4ian1234",
        "'secret'\t\t\t\t=> 'Velvet9055x',|password_field=Velvet9055x",
        "my_password := \"super$ecret\"|password_field=super$ecret",
        "DB_PASSWORD := Velvet9055x|password_field=Velvet9055x",
    })
    void alignedAndGoStyleSeparatorsNameTheValue(String text, String expected) {
        assertEquals(List.of(expected), scan(null, text + "\n"));
    }

    /** A password holding a percent-encoded '@' (read decoded) is found whole, up to the host after the last '@'. */
    @Test
    void aPasswordWithAnEncodedAtSignEndsAtTheLastOne() {
        assertEquals(List.of("basic_auth_url=mongodb://reader:D1ffQx%407Lm0rd@192.168.74.143:27017"),
                scan(null, "uri: mongodb://reader:D1ffQx%407Lm0rd@192.168.74.143:27017/admin\n"));
        assertEquals(List.of("basic_auth_url=postgresql://u:Xk9pQ2mL@h1:123"),
                scan(null, "postgresql://u:Xk9pQ2mL@h1:123,u:Xk9pQ2mL@h2:456/db\n"));
    }

    /** An angle-bracket placeholder inside a URL is a template, not an element whose text follows. */
    @Test
    void aBracketedNameInAUrlIsATemplateNotAnElement() {
        assertEquals(List.of(), scan(null, "mongodb+srv://<user>:<password>@cluster0.mongocluster.cosmos.azure.com\n"));
        assertEquals(List.of(), scan(null, "POST https://hooks.acme.io/<token>/send\n"));
        assertEquals(List.of("password_field=Velvet9055x"), scan(null, "<password>Velvet9055x</password>\n"));
        assertEquals(List.of("password_field=Velvet9055x"), scan(null, "<db><password>Velvet9055x</password></db>\n"));
    }

    /** A netrc entry names its password by the word before it, on one line or several. */
    @Test
    void aNetrcEntryGivesItsPassword() {
        assertEquals(List.of("password_field=012345abcdef"),
                scan(null, "machine api.github.com login ziggy^stardust password 012345abcdef\n"));
        assertEquals(List.of("password_field=Velvet9055x"),
                scan(null, "machine raw.github.com\n  login visionmedia\n  password Velvet9055x\n"));
        assertEquals(List.of(), scan(null, "the machine asks for a login and a password on start\n"));
    }

    @Test
    void aYamlTagIsNotPartOfTheValue() {
        assertEquals(List.of("generic_api_key=MjNjcnh1IDJieXJpdXYyeXJpaTJidnl1MnI4OXkyb3UwMg=="),
                scan(null, "service_secret: !!binary MjNjcnh1IDJieXJpdXYyeXJpaTJidnl1MnI4OXkyb3UwMg==\n"));
    }

    @Test
    void reprQuotesAroundAWholeValueAreNotTheValue() {
        assertEquals(List.of("generic_api_key=Z4wLSXJJyTiiR0z2JNso0CR2oHXQZoYefSi2PCBO"),
                scan("api_key", "'Z4wLSXJJyTiiR0z2JNso0CR2oHXQZoYefSi2PCBO'"));
    }

    @Test
    void aQuoteDoesNotOpenAnEmail() {
        assertEquals(List.of("email=bruno645@mailcrate.org"), scan(null, "EMAIL = 'bruno645@mailcrate.org'\n"));
    }

    @Test
    void aKeyNamesOneValueNotTheNumbersAfterIt() {
        assertEquals(List.of("phone_number=+15125550118"),
                scan(null, "GET /otp?phone=+15125550118 HTTP/1.1\" 500 8238 \"-\"\n"));
    }

    @Test
    void aProseKeywordMayNameSeveralValues() {
        assertEquals(List.of("phone_number=212-555-0147", "phone_number=4155550123"),
                scan(null, "call one of our phones 212-555-0147 or 4155550123\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"one of these phones 052 5552606 074-7111234\n", "our phones are 052 5552606 074-7111234 today\n"})
    void aListOfNumbersAfterAProseKeywordGivesEachNumber(String text) {
        assertEquals(List.of("phone_number=052 5552606", "phone_number=074-7111234"), scan(null, text));
    }

    @Test
    void aLaterStartIsTriedOnlyAfterAFinding() {
        // No finding before: the joined run fails as a whole and no piece of it is taken instead.
        assertEquals(List.of(), scan(null, "phones 1.2 074-7111234\n"));
    }

    /**
     * The rules that decide after the scan (a later start after a finding, a PEM block validated
     * once its end is passed) give the same findings however the text is cut.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void laterRulesDoNotDependOnTheChunking(long seed) {
        String text = "one of these phones 052 5552606 074-7111234 or 212-555-0147\n"
                + "key: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun\n"
                + "-----END RSA PRIVATE KEY-----\nsample: -----BEGIN PRIVATE KEY-----\n<your key>\n-----END PRIVATE KEY-----\n"
                + "token \"xoxp-572370529330-573807301142-572331691188-####################\"\n";
        List<KeyedValues.Value> body = List.of(new KeyedValues.Value(null, text.getBytes(StandardCharsets.UTF_8)));
        List<String> whole = KeyedValues.findings(engine, body, new java.util.Random(0), Integer.MAX_VALUE - 1);
        assertEquals(4, whole.size(), whole::toString);
        assertEquals(whole, KeyedValues.findings(engine, body, new java.util.Random(seed), 1 + (int) seed * 3));
    }

    @Test
    void slackTokensMayStartWithAShortDigitGroup() {
        assertEquals(List.of("slack_token=xoxa-2-073521466459-6158558113133-f1c0d7942f3a27f74f87be8828441e7e"),
                scan(null, "token=xoxa-2-073521466459-6158558113133-f1c0d7942f3a27f74f87be8828441e7e&channel=C1\n"));
    }

    @Test
    void aTemplateReferenceIsNotASecret() {
        assertEquals(List.of(), scan(null, "OPENAI_API_KEY=${OPENAI_API_KEY}\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password=[REDACTED]\n", "password: \"[FILTERED]\"\n", "\"password\"=>\"[FILTERED]\", ",
        "db_password='(hidden)'\n", "password='{PROTECTED}'\n", "{\"password\":\"[redacted]\"}\n"})
    void aSanitisersWordInBracketsIsAPlaceholder(String text) {
        assertEquals(List.of(), scan(null, text));
    }

    @Test
    void aBracketedSecretKeepsItsBrackets() {
        assertEquals(List.of("password_field=[Tr0ub4dor#3]"), scan(null, "password=[Tr0ub4dor#3]\n"));
    }

    @Test
    void aQuotedValueRunsToItsQuote() {
        // Django's settings repr: the password opens with '&', which ends a bare value.
        assertEquals(List.of("password_field=&ALFYKNECpKfu#y"),
                scan(null, "{'NAME': 'app', 'PASSWORD': '&ALFYKNECpKfu#y', 'PORT': '5432'}\n"));
        assertEquals(List.of("password_field=k3y;v,x)q"), scan(null, "password = \"k3y;v,x)q\"\n"));
    }

    @Test
    void aQuotedValueKeepsItsBlanks() {
        // In YAML, JSON and Python alike the quotes hold the whole value: redact all of it.
        assertEquals(List.of("password_field=Velvet9055 (rotated)"), scan(null, "password: \"Velvet9055 (rotated)\"\n"));
        assertEquals(List.of("password_field=correct horse battery staple"),
                scan(null, "{\"passphrase\": \"correct horse battery staple\", \"n\": 1}\n"));
        // A quote that does not close on its line opens no quoted value.
        assertEquals(List.of("password_field=Velvet9055"), scan(null, "password: \"Velvet9055 rotated\nnext: 1\n"));
    }

    @Test
    void anSmsNamesAPhone() {
        assertEquals(List.of("phone_number=07700 900790"), scan(null, "SMS dispatched to 07700 900790\n"));
    }

    /** A national number under another language's word for telephone, in text or as a key. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "|Telefon: 030 12345678|030 12345678",
        "|Mobil 0171 2345678|0171 2345678",
        "|Rufnummer 040 1234567|040 1234567",
        "|telefono 06 6982 4523|06 6982 4523",
        "|teléfono 912 345 678|912 345 678",
        "handy|0151 23456789|0151 23456789",
        "mobilnummer|0170 1234567|0170 1234567",
        "cellulare|347 123 4567|347 123 4567",
    })
    void anotherLanguagesWordForTelephoneIsPhoneContext(String key, String text, String phone) {
        assertEquals(List.of("phone_number=" + phone), scan(key, text + "\n"));
        assertEquals(List.of(), scan(null, "Order " + phone + " shipped\n"), "without the word, no phone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"authenticity_token", "__RequestVerificationToken", "form_token", "csrf_token"})
    void anAntiForgeryTokenIsNoSecret(String key) {
        String token = "Xk9vQm3xR2tYp7LwN4sH8dJ6fG1aC5eB0iU2oP9q";
        assertEquals(List.of(), scan(key, token));
        assertEquals(List.of("generic_api_key=" + token), scan("api_token", token));
    }

    @Test
    void aValueAttributeTakesTheNameOfTheAttributeBeforeIt() {
        assertEquals(List.of("generic_api_key=9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c"),
                scan(null, "<appSettings>\n  <add key=\"ApiKey\" value=\"9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c\"/>\n</appSettings>\n"));
        assertEquals(List.of("password_field=Tr0ub4dor3x"),
                scan(null, "<bean><property name='db.password' value='Tr0ub4dor3x'/></bean>\n"));
        assertEquals(List.of(), scan(null, "<add key=\"Theme\" value=\"9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c\"/>\n"));
    }

    @Test
    void aNameInsideAColonPathIsNoKey() {
        assertEquals(List.of(), scan("arn", "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf"));
        assertEquals(List.of(), scan(null, "cache key session:password:9f2Xq7Lm3Kd\n"));
        assertEquals(List.of("password_field=Tr0ub4dor3x"), scan(null, "db:\n  password: Tr0ub4dor3x\n"));
        assertEquals(List.of("password_field=Tr0ub4dor3x"), scan(null, "password:Tr0ub4dor3x\n"));
    }

    @Test
    void aDottedQuadUnderAVersionNameIsAVersion() {
        assertEquals(List.of(), scan("contentVersion", "1.0.0.0"));
        assertEquals(List.of("ip_address=1.0.0.0"), scan("upstream", "1.0.0.0"));
        assertEquals(List.of(), scan(null, "{\n  \"contentVersion\": \"1.0.0.0\",\n  \"parameters\": {}\n}\n"));
        assertEquals(List.of(), scan(null, "types-PyYAML==6.0.12.12\nopencv-python (>=4.13.0.92,<5.0.0)\n"));
        assertEquals(List.of("ip_address=10.20.0.4"), scan(null, "APP_VERSION=2.10.0.12\nAPP_HOST=10.20.0.4\n"));
    }

    @Test
    void codeThatNamesASecretsSourceIsNoSecret() {
        assertEquals(List.of(), scan(null, "secrets = SecretsCollection()\ncredential=DefaultAzureCredential(),\n"));
        assertEquals(List.of(), scan(null, "password = os.getenv(\"DB_PASSWORD\")\napi_key: os.environ/OPENAI_API_KEY\n"));
        assertEquals(List.of(), scan("password", "[parameters('dockerRegistryPassword')]"));
        assertEquals(List.of(), scan(null, "def check(secret: str) -> bool:\n    return secret == 'invalid'\n"));
        assertEquals(List.of(), scan(null, "  - DATABASE_PASSWORD=/run/secrets/db-password\n"
                + "  test: ['CMD', 'mysqladmin', 'ping', '--password=\"$$(cat /run/secrets/db-password)\"']\n"));
        assertEquals(List.of(), scan(null, "e.extend({radio:!0,checkbox:!0,password:!0,image:!0})"));
        assertEquals(List.of("password_field=Xk9(pQ2!vT"), scan(null, "password = Xk9(pQ2!vT\n"));
    }

    @Test
    void aValuesOwnKeyOutranksAwsContextFromTheLinesAbove() {
        // The AWS key id two lines up is context for an AWS secret, but not for a value that a key
        // of its own (a generic secret's) names.
        assertEquals(List.of("aws_access_key_id=ASIAWKPWT4CY57GYRMGY",
                        "generic_api_key=8fGz8hvItCFctAYBNww2DK2AXZnHnxpz2PCWfQKI"),
                scan(null, "AWS_ACCESS_KEY_ID=ASIAWKPWT4CY57GYRMGY\nPORT=3000\n"
                        + "APP_SECRET_KEY=8fGz8hvItCFctAYBNww2DK2AXZnHnxpz2PCWfQKI\n"));
        assertEquals(List.of("aws_access_key_id=ASIAWKPWT4CY57GYRMGY",
                        "aws_secret_access_key=8fGz8hvItCFctAYBNww2DK2AXZnHnxpz2PCWfQKI"),
                scan(null, "AWS_ACCESS_KEY_ID=ASIAWKPWT4CY57GYRMGY\nPORT=3000\n"
                        + "AWS_SECRET_ACCESS_KEY=8fGz8hvItCFctAYBNww2DK2AXZnHnxpz2PCWfQKI\n"));
        // Without a key of its own, the value still takes the AWS context in front of it.
        assertEquals(List.of("aws_access_key_id=ASIAWKPWT4CY57GYRMGY",
                        "aws_secret_access_key=8fGz8hvItCFctAYBNww2DK2AXZnHnxpz2PCWfQKI"),
                scan(null, "using AWS key ASIAWKPWT4CY57GYRMGY with 8fGz8hvItCFctAYBNww2DK2AXZnHnxpz2PCWfQKI\n"));
    }

    @Test
    void aBase64KeyOfLettersOnlyIsStillAKey() {
        // 1 in 4,000 keys draws no digit, '/' nor '+'; random letters flip case often, names do not.
        assertEquals(List.of("aws_secret_access_key=vcCYXiuHVAbJzepHECyPexOyQAFnuTQspUdpELeY"),
                scan(null, "AWS_SECRET_ACCESS_KEY=vcCYXiuHVAbJzepHECyPexOyQAFnuTQspUdpELeY\n"));
        assertTrue(scan("aws_secret_access_key", "AwsSecretAccessKeyProviderChainFactoryX").stream()
                .noneMatch(f -> f.startsWith("aws_secret_access_key")));
    }

    @Test
    void aBase64KeyOpeningWithASlashIsNoPath() {
        // 1 in 64 base64 keys opens with '/', and a '/' inside then splits it like path segments;
        // random segments are not file names.
        assertEquals(List.of("aws_secret_access_key=/VVUleA3AB15bJ1eZjd2vxS/Ow9QcPhcruo07Hkc"),
                scan(null, "AWS_SECRET_ACCESS_KEY=/VVUleA3AB15bJ1eZjd2vxS/Ow9QcPhcruo07Hkc\n"));
        assertEquals(List.of("aws_secret_access_key=/9yAYi77e5gdIU4EnwJTb/wcVjjoKf3jLXamqWFy"),
                scan("aws_secret_access_key", "/9yAYi77e5gdIU4EnwJTb/wcVjjoKf3jLXamqWFy"));
        // Names that mix case and digits where words meet are still path segments.
        assertEquals(List.of(), scan(null, "DATABASE_PASSWORD=/run/secrets/MyApiKey2024Production\n"));
        assertEquals(List.of(), scan(null, "DB_PASSWORD=/etc/PostgreSQL15/credentials/db-password\n"));
    }

    @Test
    void anScpRemoteIsNoMailbox() {
        assertEquals(List.of(), scan(null, "git clone git@github.com:data-privacy-stack/presidio.git\n"));
        assertEquals(List.of("email=jane@acme-mail.com"), scan(null, "write to jane@acme-mail.com: she answers\n"));
    }

    @Test
    void smallNumbersAroundADoubleColonAreNoAddress() {
        assertEquals(List.of(), scan(null, "conftest.py,line=34,col=58::34:58 [PERSON]\n"));
        assertEquals(List.of("ip_address=2001:db8:4b6f::d1ed"), scan(null, "peer 2001:db8:4b6f::d1ed up\n"));
    }

    @Test
    void aNameThatIdentifiesOrPublishesASecretIsNotSecretLike() {
        assertEquals(List.of(), scan(null, "credentialsId: 'ff083f76-7804-4ef1-80e4-fe975bb9141b'\n"));
        assertEquals(List.of(), scan("token_ids", "Zf3D0LXCM3EIMbgJpUNnkRtOfOueHznB"));
        assertEquals(List.of(), scan(null, "publicToken = \"9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit\"\n"));
        assertEquals(List.of("generic_api_key=dafa7817-e246-48f3-91a7-e87653d587b8"),
                scan(null, "utils.GetEnvOrDefault(\"x\", \"y\")\napi_token = \"dafa7817-e246-48f3-91a7-e87653d587b8\"\n"));
    }

    /** RFC 7617: the credential after "Basic " is base64 of user:password, in a header line or a JSON value. */
    @Test
    void aBasicAuthorizationCredentialIsASecret() {
        // admin:Sup3rS3cret!
        String b64 = "YWRtaW46U3VwM3JTM2NyZXQh";
        assertEquals(List.of("generic_api_key=" + b64), scan(null, "Authorization: Basic " + b64 + "\r\n"));
        assertEquals(List.of("generic_api_key=" + b64), scan("Authorization", "Basic " + b64));
        assertEquals(List.of("generic_api_key=" + b64), scan(null, "curl -H \"Authorization: Basic " + b64 + "\" https://x"));
        // user:password is a placeholder; "Basic" in prose names no credential; a word is no base64 of user:pass.
        assertEquals(List.of(), scan(null, "Authorization: Basic dXNlcjpwYXNzd29yZA==\n"));
        assertEquals(List.of(), scan(null, "The Basic plan includes Internationalization support\n"));
        assertEquals(List.of(), scan("plan", "Basic Authentication"));
        assertEquals(List.of(), scan(null, "Basic QUJDREVGR0hJSktMTU5PUA==\n"), "decodes to no user:password");
    }

    /** A date of birth as JSON serialisers write dates (an ISO timestamp) or in ISO's basic form, under its key only. */
    @Test
    void aDateOfBirthAsATimestampOrInBasicFormIsFound() {
        assertEquals(List.of("date_of_birth=1985-03-14"), scan("dateOfBirth", "1985-03-14T00:00:00.000Z"));
        assertEquals(List.of("date_of_birth=19850314"), scan("dob", "19850314"));
        assertEquals(List.of(), scan("created_at", "1985-03-14T00:00:00Z"));
        assertEquals(List.of(), scan("dob", "19851314"), "no month 13");
        assertEquals(List.of(), scan("order", "19850314"));
    }

    /** The same pair under "auth": a Docker config.json registry entry, .npmrc's _auth; other values under "auth" are none. */
    @Test
    void aUserAndPasswordUnderAuthIsASecret() {
        String b64 = "ZGVwbG95OlhrOXBRMm1MN3ZCNA=="; // deploy:Xk9pQ2mL7vB4
        assertEquals(List.of("generic_api_key=" + b64), scan("auth", b64));
        assertEquals(List.of("generic_api_key=" + b64), scan(null, "//registry.npmjs.org/:_auth=" + b64 + "\n"));
        assertEquals(List.of(), scan("auth", "oauth2"));
        assertEquals(List.of(), scan("auth", "ZGVwbG95OnBhc3N3b3Jk"), "deploy:password is a placeholder");
        assertEquals(List.of(), scan("auth", "plBkesaImGXpSG8Bw0AGHKgWMXQpCxU2"), "no user:password in it");
    }

    /** An Azure Storage connection string's AccountKey: 64 random bytes in base64; an accountKey that numbers an account is none. */
    @Test
    void anAzureStorageAccountKeyIsASecret() {
        String key = "pU3KGCUwux1tEyze1iN7LtkeP3IfyxlxF0SU1kk8nVw0YL4xIB5p/tqg7ui5mX9cfCmZ/a/lkyU81lSvTfrXFA==";
        assertEquals(List.of("generic_api_key=" + key), scan(null, "DefaultEndpointsProtocol=https;AccountName=shop;"
                + "AccountKey=" + key + ";EndpointSuffix=core.windows.net\n"));
        assertEquals(List.of("generic_api_key=" + key), scan("accountKey", key));
        assertEquals(List.of(), scan("accountKey", "ACCT-2024-000917-7f3a9c2e1b"));
        assertEquals(List.of(), scan("account_count", "8f3a9c2e1b7d4e6f"), "count is still excluded in other names");
    }

    /** Space-separated pairs that a hex pair continues are a slice of a hex dump; the same pairs on their own are a phone. */
    @Test
    void pairsInsideAHexDumpAreNoPhone() {
        assertEquals(List.of(), scan(null, "Bag Attributes\n    friendlyName: server\n"
                + "    localKeyID: C1 41 44 6A 35 04 C4 6E 5D 51 17 1A 3F A5 67 09 03 61 66 35\n"));
        assertEquals(List.of(), scan(null, "00000010: 06 12 34 56 78 9a 4f\n"));
        assertEquals(List.of(), scan(null, "dump 3f 06 12 34 56 78\n"));
        assertEquals(List.of("phone_number=06 12 34 56 78"), scan(null, "appelez le 06 12 34 56 78 ou 07\n"));
        assertEquals(List.of("phone_number=06 12 34 56 78"), scan(null, "tel 06 12 34 56 78\n"));
        assertEquals(List.of("phone_number=06 12 34 56 78"), scan("phone", "06 12 34 56 78"));
    }
}
