package dev.mnemo.neo4jlocal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts a real Neo4j 5.26 database (embedded engine) with its Bolt connector on 127.0.0.1, so that
 * development, tests and CI get the same server behaviour as production without Docker.
 *
 * <p>Usage: {@code java -jar neo4j-local.jar --home <dir> --port <bolt-port> [--pagecache 512m]}
 *
 * <p>Prints exactly one line {@code MNEMO_NEO4J_READY bolt://127.0.0.1:<port>} once Bolt accepts
 * connections. Stops cleanly on SIGTERM/SIGINT, and also when its standard input closes, so a
 * crashed parent process never leaves an orphaned database holding the store lock.
 */
public final class LocalNeo4j {
    public static void main(String[] args) throws Exception {
        Map<String, String> options = parse(args);
        Path home = Path.of(options.getOrDefault("home", ".mnemo/neo4j")).toAbsolutePath();
        String port = options.getOrDefault("port", "7687");
        boolean watchStdin = !"false".equals(options.get("watch-stdin"));

        Map<String, String> config = new HashMap<>();
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", "127.0.0.1:" + port);
        config.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        // Local use only: bound to loopback, so authentication is off (the wrapper says so).
        config.put("dbms.security.auth_enabled", "false");
        config.put("server.http.enabled", "false");
        config.put("server.https.enabled", "false");
        config.put("server.memory.pagecache.size", options.getOrDefault("pagecache", "512m"));
        config.put("db.tx_log.rotation.retention_policy", options.getOrDefault("tx-log-retention", "1 files"));
        config.put("dbms.usage_report.enabled", "false");
        config.put("server.logs.gc.enabled", "false");
        // Plans are re-made as the counts change (Neo4j's own 10 s, not longer): plans made while the
        // database was empty or tiny, kept 5 minutes, made OpenLineage events into it about twice as
        // slow for those minutes (docs/architecture.md).
        // Any other Neo4j setting an operator wants (e.g. the query log), as "key=value,key=value".
        for (String setting : options.getOrDefault("settings", "").split(",")) {
            int equals = setting.indexOf('=');
            if (equals > 0) config.put(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
        }

        DatabaseManagementService dbms =
                new DatabaseManagementServiceBuilder(home).loadPropertiesFromFile(writeConfig(home, config)).build();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-local-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        GraphDatabaseService db = dbms.database("neo4j");
        // An embedded database has no plugins folder: Mnemo's procedures are registered directly.
        ((GraphDatabaseAPI) db).getDependencyResolver()
                .resolveDependency(GlobalProcedures.class)
                .registerProcedure(LineageProcedures.class);
        db.executeTransactionally("RETURN 1");
        System.out.println("MNEMO_NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();

        if (watchStdin) {
            waitForEndOfInput(System.in);
            System.exit(0); // runs the shutdown hook
        }
        stopped.await();
    }

    /** Written on every start so the settings in use can be read beside the data. */
    private static Path writeConfig(Path home, Map<String, String> config) throws IOException {
        Files.createDirectories(home);
        StringBuilder lines = new StringBuilder("# written by neo4j-local on each start; edits are overwritten\n");
        new TreeMap<>(config).forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
        Path file = home.resolve("neo4j-local.conf");
        Files.writeString(file, lines.toString());
        return file;
    }

    private static void waitForEndOfInput(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // discard: stdin is only a lifeline to the parent process
            }
        } catch (IOException ignored) {
            // a broken pipe means the parent is gone, same as end of input
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }
}
