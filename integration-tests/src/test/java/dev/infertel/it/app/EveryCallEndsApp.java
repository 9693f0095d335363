package dev.infertel.it.app;

import com.acme.ends.EndingClient;

/**
 * Three streams that end done, through onError (which the site does not name) and never; waits
 * {@code args[0]} ms (past the config's stream.max_duration), then starts one more that never ends and
 * exits at once.
 */
public final class EveryCallEndsApp {

    public static void main(String[] args) throws Exception {
        EndingClient client = new EndingClient();
        EndingClient.Handler quiet = new EndingClient.Handler() {
            @Override
            public void onToken(String token) {
            }

            @Override
            public void onDone() {
                System.out.println("done");
            }

            @Override
            public void onError(Throwable error) {
                System.out.println("error");
            }
        };
        client.stream("ends-done", 3, "done", quiet);
        client.stream("ends-through-on-error", 3, "error", quiet);
        client.stream("ends-never", 3, "never", quiet);
        Thread.sleep(Long.parseLong(args[0]));
        client.stream("open-at-exit", 2, "never", quiet);
        Thread.sleep(100);
        System.out.println("exit");
    }
}
