package dev.infertel.agent.instrument;

import dev.infertel.bootstrap.CallTimeline;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

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

    /**
     * A chunk whose argument the site reads ({@code chunk} paths, a chunk filter): stamped on arrival,
     * read after the caller's callback has had it, so the reading never delays the application.
     */
    static final class ChunkElement {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue(TapFactory.TIMELINE_FIELD) CallTimeline timeline) {
            timeline.chunk();
        }

        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.FieldValue(TapFactory.TIMELINE_FIELD) CallTimeline timeline,
                         @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object element) {
            timeline.inspect(element);
        }
    }

    /** The end; its arguments may carry values ({@code complete_argN}) or a failure (an Optional error). */
    static final class Complete {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.FieldValue(TapFactory.TIMELINE_FIELD) CallTimeline timeline,
                          @Advice.AllArguments Object[] args) {
            timeline.completeWith(args);
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
