package dev.sagaref.localrun;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The issuer's secrets in a local run, made on its first start and kept with its data (readable by this user only): the
 * key tokens are signed with, so tokens outlive a restart of the issuer, and the operator's and customers' passwords,
 * which {@code ./dev-token} reads to sign in.
 */
final class IssuerFiles {

    private final Path directory;

    IssuerFiles(Path dataDirectory) {
        this.directory = dataDirectory.resolve("auth");
    }

    Path signingKey() {
        return directory.resolve("signing-key.pem");
    }

    /** Where the operator's password is (the {@code operator} line), for people signing in with a browser. */
    Path operatorPasswordFile() {
        return passwords();
    }

    private Path passwords() {
        return directory.resolve("passwords.properties");
    }

    /** Makes the key and the passwords unless they exist. */
    void createIfMissing() {
        try {
            Files.createDirectories(directory);
            if (!Files.exists(signingKey())) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                byte[] pkcs8 = generator.generateKeyPair().getPrivate().getEncoded();
                writePrivate(
                        signingKey(),
                        "-----BEGIN PRIVATE KEY-----\n"
                                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(pkcs8)
                                + "\n-----END PRIVATE KEY-----\n");
            }
            if (!Files.exists(passwords())) {
                Properties passwords = new Properties();
                passwords.setProperty("operator", randomPassword());
                passwords.setProperty("customer", randomPassword());
                StringBuilder text = new StringBuilder();
                try (Writer out = new java.io.StringWriter()) {
                    passwords.store(out, "The local run's sign-in passwords (./dev-token uses them)");
                    text.append(out);
                }
                writePrivate(passwords(), text.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signing key written by {@link #createIfMissing}, as the issuer reads it. */
    java.security.interfaces.RSAPrivateCrtKey readSigningKey() {
        try {
            String base64 = Files.readString(signingKey())
                    .replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", "");
            return (java.security.interfaces.RSAPrivateCrtKey) java.security.KeyFactory.getInstance("RSA")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                            Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(signingKey() + " is not a PKCS #8 RSA key", e);
        }
    }

    DevTokens.Credentials credentials() {
        Properties passwords = new Properties();
        try (Reader in = Files.newBufferedReader(passwords())) {
            passwords.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("No " + passwords() + ": has the stack been started here?", e);
        }
        return new DevTokens.Credentials(passwords.getProperty("operator"), passwords.getProperty("customer"));
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content);
    }

    /** A random password of URL-safe characters (letters, digits, '-' and '_'), also for the run's Kafka users. */
    static String randomPassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
