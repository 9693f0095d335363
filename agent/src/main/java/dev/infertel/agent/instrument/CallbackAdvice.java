package dev.infertel.agent.instrument;

import dev.infertel.bootstrap.Bridge;
import dev.infertel.bootstrap.CallTimeline;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * A call that streams into a callback argument: the argument is swapped for a tap that times each
 * chunk and forwards everything to the caller's callback. The call ends on the callback's complete or
 * error method, or when the method throws.
 */
final class CallbackAdvice {

    private CallbackAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static CallTimeline enter(@SiteId int site, @Advice.This(optional = true) Object self,
                              @Advice.Origin Class<?> origin,
                              @Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] args) {
        CallTimeline timeline = Bridge.enter(site, self, args);
        if (timeline != null) {
            args = Bridge.tapCallback(timeline, origin, args);
        }
        return timeline;
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter CallTimeline timeline,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                     @Advice.Thrown Throwable thrown) {
        Bridge.exit(timeline, result, thrown);
    }
}
