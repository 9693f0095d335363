package dev.infertel.agent.instrument;

import dev.infertel.bootstrap.CallTimeline;
import net.bytebuddy.asm.Advice;

/** Advice woven into generated callback taps around the forwarding call to the caller's callback. */
final class TapAdvice {

    private TapAdvice() {
    }

    /** A chunk arrives when the library calls the callback, before the caller's code runs. */
    static final class Chunk {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue(TapFactory.TIMELINE_FIELD) CallTimeline timeline) {
            timeline.chunk();
        }
    }

    static final class Complete {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue(TapFactory.TIMELINE_FIELD) CallTimeline timeline) {
            timeline.complete();
        }
    }

    static final class Error {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue(TapFactory.TIMELINE_FIELD) CallTimeline timeline,
                          @Advice.AllArguments Object[] args) {
            timeline.fail(args.length > 0 ? args[0] : null);
        }
    }
}
