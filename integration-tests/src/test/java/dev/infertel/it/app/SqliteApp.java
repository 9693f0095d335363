package dev.infertel.it.app;

import com.acme.llm.FastClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An app that keeps its own data in SQLite through its own (older) sqlite-jdbc, found by
 * DriverManager, while the agent's sqlite sink writes beside it: it checks that the driver is the
 * version it shipped, writes and reads its table, then makes {@code calls} client calls.
 * Arguments: database file, expected driver version, calls.
 */
public final class SqliteApp {

    private SqliteApp() {
    }

    public static void main(String[] args) throws Exception {
        String file = args[0];
        String version = args[1];
        int calls = Integer.parseInt(args[2]);
        List<String> problems = new ArrayList<>();
        FastClient client = new FastClient();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            String driver = c.getMetaData().getDriverVersion();
            if (!driver.equals(version)) {
                problems.add("sqlite-jdbc is " + driver + ", not " + version);
            }
            String from = Class.forName("org.sqlite.JDBC").getProtectionDomain().getCodeSource().getLocation().toString();
            if (!from.endsWith("sqlite-jdbc-" + version + ".jar")) {
                problems.add("org.sqlite.JDBC comes from " + from);
            }
            s.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)");
            for (int i = 0; i < calls; i++) {
                client.generate("sqlite-model", "tenant-" + (i % 3));
                s.execute("INSERT INTO orders (item) VALUES ('item " + i + "')");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*), sqlite_version() FROM orders")) {
                rs.next();
                if (rs.getInt(1) != calls) {
                    problems.add("the app's table holds " + rs.getInt(1) + " rows");
                }
            }
        }
        System.out.println(problems.isEmpty() ? "all good" : String.join("\n", problems));
        System.exit(problems.isEmpty() ? 0 : 3);
    }
}
