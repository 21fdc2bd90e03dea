package org.hitlbm.data.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The test PostgreSQL server {@code .ci/run} starts (HITLBM_TEST_POSTGRES holds its JDBC URL;
 * with HITLBM_REQUIRE_POSTGRES=1 a missing server fails a test instead of skipping it). Shared by
 * the modules' tests through this module's test jar.
 */
public final class TestPostgres {
    private TestPostgres() {
    }

    /** A fresh database on the test server, as a JDBC URL with the server URL's parameters. */
    public static String freshDatabase() throws SQLException {
        String server = System.getenv("HITLBM_TEST_POSTGRES");
        if (server == null) {
            assertFalse("1".equals(System.getenv("HITLBM_REQUIRE_POSTGRES")), "HITLBM_TEST_POSTGRES is not set");
            assumeTrue(false, "no PostgreSQL server (HITLBM_TEST_POSTGRES)");
        }
        String name = "t" + Long.toHexString(System.nanoTime()) + Long.toHexString(new java.util.Random().nextInt(1 << 20));
        try (Connection c = DriverManager.getConnection(server); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return server.replaceFirst("/[^/?]+(\\?|$)", "/" + name + "$1");
    }
}
