package dev.infertel.agent.instrument;

import dev.infertel.bootstrap.Bridge;
import dev.infertel.bootstrap.CallTimeline;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** A call that ends when the method returns or throws. Inlined into the application's method. */
final class PlainAdvice {

    private PlainAdvice() {
    }

    @Advice.OnMethodEnter(suppress = Throwable.class)
    static CallTimeline enter(@SiteId int site, @Advice.This(optional = true) Object self,
                              @Advice.AllArguments Object[] args) {
        return Bridge.enter(site, self, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    static void exit(@Advice.Enter CallTimeline timeline,
                     @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                     @Advice.Thrown Throwable thrown) {
        Bridge.exit(timeline, result, thrown);
    }
}
