package dev.infertel.it.app;

import com.acme.odd.OddModelClient;

/**
 * Calls with a well-behaved model and with models whose {@code toString()} throws or returns null,
 * {@code args[0]} of each; prints every answer so the test sees that the application got them.
 */
public final class OddModelApp {

    public static void main(String[] args) {
        OddModelClient client = new OddModelClient();
        int n = Integer.parseInt(args[0]);
        Object throwing = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("the app's own bug");
            }
        };
        Object nullText = new Object() {
            @Override
            public String toString() {
                return null;
            }
        };
        int answers = 0;
        for (int i = 0; i < n; i++) {
            answers += client.complete("good-model", "hi").isEmpty() ? 0 : 1;
            answers += client.complete(throwing, "hi").isEmpty() ? 0 : 1;
            answers += client.complete(nullText, "hi").isEmpty() ? 0 : 1;
        }
        System.out.println("answers " + answers);
    }
}
