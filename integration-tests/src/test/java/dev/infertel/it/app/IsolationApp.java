package dev.infertel.it.app;

import com.acme.llm.Client;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.PackageVersion;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * An app that ships its own Jackson and Byte Buddy: it parses its request with its Jackson, makes a
 * class with its Byte Buddy, checks both are the versions it shipped, then calls the client.
 * Arguments: the expected jackson-core version and the expected byte-buddy jar name.
 */
public final class IsolationApp {

    public static void main(String[] args) throws Exception {
        String jacksonVersion = args[0];
        String byteBuddyJar = args[1];
        List<String> problems = new ArrayList<>();

        if (!PackageVersion.VERSION.toString().equals(jacksonVersion)) {
            problems.add("jackson-core is " + PackageVersion.VERSION + ", not " + jacksonVersion);
        }
        String model = null;
        try (JsonParser p = new JsonFactory().createParser("{\"model\":\"iso-model\",\"n\":3}")) {
            while (p.nextToken() != null) {
                if (p.currentToken() == JsonToken.FIELD_NAME && p.getCurrentName().equals("model")) {
                    p.nextToken();
                    model = p.getText();
                }
            }
        }
        if (!"iso-model".equals(model)) {
            problems.add("parsed model " + model);
        }

        String whereFrom = ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation().toString();
        if (!whereFrom.endsWith(byteBuddyJar)) {
            problems.add("net.bytebuddy.ByteBuddy comes from " + whereFrom + ", not " + byteBuddyJar);
        }
        Object made = new ByteBuddy().subclass(Object.class).name("dev.infertel.it.app.Made")
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made by the app"))
                .make().load(IsolationApp.class.getClassLoader()).getLoaded()
                .getDeclaredConstructor().newInstance();
        if (!made.toString().equals("made by the app")) {
            problems.add("generated class says " + made);
        }

        String answer = new Client().complete(model, "isolated prompt");
        if (!answer.equals("answer:iso-model")) {
            problems.add("client answered " + answer);
        }
        System.out.println(problems.isEmpty() ? "all good" : String.join("\n", problems));
        System.exit(problems.isEmpty() ? 0 : 3);
    }
}
