package dev.infertel.it.app;

import com.acme.llm.Client;
import com.acme.llm.Listener;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Loads the client, does other start-up work for a while, then makes one streamed call. */
public final class FirstCallApp {

    public static void main(String[] args) throws Exception {
        Client client = new Client();
        Thread.sleep(Long.parseLong(args[0]));
        System.out.println("first call");
        CountDownLatch done = new CountDownLatch(1);
        client.stream("first-model", "a prompt", new Listener() {
            @Override
            public void onToken(String token) {
            }

            @Override
            public void onDone() {
                done.countDown();
            }

            @Override
            public void onError(Throwable error) {
                done.countDown();
            }
        });
        System.out.println(done.await(30, TimeUnit.SECONDS) ? "done" : "timed out");
    }
}
