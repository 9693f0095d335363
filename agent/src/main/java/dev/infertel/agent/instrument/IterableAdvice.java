package dev.infertel.agent.instrument;

import dev.infertel.bootstrap.Bridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Woven into an {@code iterable_class} (a handle a site returns, e.g. google-genai's {@code ResponseStream}):
 * {@code iterator()} hands out a timed iterator while the handle carries an open call, {@code close()}
 * cancels a call not read to its end. Handles that carry no call are left as they are.
 */
final class IterableAdvice {

    private IterableAdvice() {
    }

    static final class IteratorExit {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object self,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object result) {
            result = Bridge.iterableIterator(self, result);
        }
    }

    static final class CloseExit {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object self) {
            Bridge.iterableClosed(self);
        }
    }
}
