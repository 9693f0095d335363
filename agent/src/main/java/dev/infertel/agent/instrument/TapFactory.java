package dev.infertel.agent.instrument;

import dev.infertel.agent.config.StreamConfig;
import dev.infertel.bootstrap.CallTimeline;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Generates, per callback interface and call site, a tap class: it implements the interface, forwards
 * every method to the caller's callback, and reports chunk, complete and error methods to the call's
 * {@link CallTimeline} through a final field (no lookup per chunk). Works for anonymous classes,
 * lambdas and classes loaded before the agent alike, since the caller's object is never changed.
 * The tap is defined next to the instrumented class, in its package and loader.
 *
 * <p>Written with ASM directly (a few milliseconds cold, where Byte Buddy's first use took hundreds,
 * which the first streamed call waited for). What a tap method does:
 * <pre>
 *   R onToken(A a) {                      // a chunk method
 *       try { timeline.chunk(); } catch (Throwable ignored) { }
 *       R r = delegate.onToken(a);
 *       try { timeline.inspect(a); } catch (Throwable ignored) { }   // only when the site reads chunks
 *       return r;
 *   }
 * </pre>
 * complete methods call {@code timeline.completeWith(args)} first, error methods {@code timeline.fail(arg0)};
 * every other method only forwards. The timeline's methods are not expected to throw; the handlers make
 * sure nothing of ours reaches the library that calls the callback.
 */
public final class TapFactory {

    static final String DELEGATE_FIELD = "telemetryDelegate";
    static final String TIMELINE_FIELD = "telemetryTimeline";
    private static final MethodType FACTORY_TYPE = MethodType.methodType(Object.class, Object.class, CallTimeline.class);
    private static final String TIMELINE = Type.getInternalName(CallTimeline.class);
    private static final String OBJECT = "java/lang/Object";
    private static final String THROWABLE = "java/lang/Throwable";

    private enum Role { FORWARD, CHUNK, CHUNK_ELEMENT, COMPLETE, ERROR }

    private final AtomicInteger counter = new AtomicInteger();

    /** A handle {@code (Object callback, CallTimeline) -> Object tap}. */
    public MethodHandle create(Class<?> origin, Class<?> callbackType, StreamConfig stream) throws ReflectiveOperationException {
        return create(origin, callbackType, stream, false);
    }

    /**
     * As {@link #create(Class, Class, StreamConfig)}; with {@code elements} each chunk method's first
     * argument is passed on to be read (value paths rooted at {@code chunk}).
     */
    public MethodHandle create(Class<?> origin, Class<?> callbackType, StreamConfig stream, boolean elements)
            throws ReflectiveOperationException {
        if (!callbackType.isInterface()) {
            throw new IllegalArgumentException("callback type " + callbackType.getName()
                    + " is not an interface; only interface callbacks can be tapped");
        }
        // (not a hidden class: defining one needs module access to the origin, which the agent lacks)
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(origin, MethodHandles.lookup());
        Class<?> tap = null;
        for (int attempt = 0; tap == null; attempt++) {
            String name = origin.getName().replace('.', '/') + "$$TelemetryTap$" + counter.incrementAndGet();
            try {
                tap = lookup.defineClass(generate(name, callbackType, stream, elements));
            } catch (LinkageError e) {
                if (attempt == 100) {
                    throw e;
                }
                // another factory (or an earlier agent) took the name in this loader: take the next
            }
        }
        return lookup.findConstructor(tap, MethodType.methodType(void.class, callbackType, CallTimeline.class))
                .asType(FACTORY_TYPE);
    }

    private static byte[] generate(String name, Class<?> callbackType, StreamConfig stream, boolean elements) {
        String callback = Type.getInternalName(callbackType);
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V11, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SYNTHETIC | Opcodes.ACC_SUPER,
                name, null, OBJECT, new String[] {callback});
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, DELEGATE_FIELD, "L" + callback + ";", null, null).visitEnd();
        cw.visitField(Opcodes.ACC_PRIVATE | Opcodes.ACC_FINAL, TIMELINE_FIELD, "L" + TIMELINE + ";", null, null).visitEnd();

        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "(L" + callback + ";L" + TIMELINE + ";)V",
                null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, OBJECT, "<init>", "()V", false);
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ALOAD, 1);
        init.visitFieldInsn(Opcodes.PUTFIELD, name, DELEGATE_FIELD, "L" + callback + ";");
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitVarInsn(Opcodes.ALOAD, 2);
        init.visitFieldInsn(Opcodes.PUTFIELD, name, TIMELINE_FIELD, "L" + TIMELINE + ";");
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        for (Method m : forwarded(callbackType)) {
            // a method named in several lists: chunk, then complete, then error
            Role role = stream.onChunk().contains(m.getName()) ? (elements ? Role.CHUNK_ELEMENT : Role.CHUNK)
                    : stream.onComplete().contains(m.getName()) ? Role.COMPLETE
                    : stream.onError().contains(m.getName()) ? Role.ERROR
                    : Role.FORWARD;
            new TapMethod(cw, name, callback, m, role).emit();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** The interface's abstract and default methods, one per name and descriptor (as Byte Buddy picked them). */
    private static List<Method> forwarded(Class<?> callbackType) {
        Map<String, Method> methods = new LinkedHashMap<>();
        for (Method m : callbackType.getMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass().isInterface()) {
                methods.putIfAbsent(m.getName() + Type.getMethodDescriptor(m), m);
            }
        }
        return new ArrayList<>(methods.values());
    }

    /** One tap method: the role's report (guarded), the forwarding call, the return. */
    private static final class TapMethod {
        private final MethodVisitor mv;
        private final String owner;
        private final String callback;
        private final Method method;
        private final Role role;
        private final Type[] params;
        private final Type returned;
        /** Local types of the method's frame: this and the parameters (longs and doubles are one entry). */
        private final List<Object> frameLocals = new ArrayList<>();
        private int nextSlot;

        TapMethod(ClassWriter cw, String owner, String callback, Method method, Role role) {
            String descriptor = Type.getMethodDescriptor(method);
            String[] exceptions = new String[method.getExceptionTypes().length];
            for (int i = 0; i < exceptions.length; i++) {
                exceptions[i] = Type.getInternalName(method.getExceptionTypes()[i]);
            }
            this.mv = cw.visitMethod(Opcodes.ACC_PUBLIC, method.getName(), descriptor, null, exceptions);
            this.owner = owner;
            this.callback = callback;
            this.method = method;
            this.role = role;
            this.params = Type.getArgumentTypes(descriptor);
            this.returned = Type.getReturnType(descriptor);
            frameLocals.add(owner);
            nextSlot = 1;
            for (Type p : params) {
                frameLocals.add(frameType(p));
                nextSlot += p.getSize();
            }
        }

        void emit() {
            mv.visitCode();
            switch (role) {
                case CHUNK, CHUNK_ELEMENT -> guarded(() -> {
                    pushTimeline();
                    timelineCall("chunk", "()V");
                });
                case COMPLETE -> guarded(() -> {
                    pushArguments();
                    timelineCall("completeWith", "([Ljava/lang/Object;)V");
                });
                case ERROR -> guarded(() -> {
                    pushFirstArgument();
                    timelineCall("fail", "(Ljava/lang/Object;)V");
                });
                default -> { }
            }
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, owner, DELEGATE_FIELD, "L" + callback + ";");
            int slot = 1;
            for (Type p : params) {
                mv.visitVarInsn(p.getOpcode(Opcodes.ILOAD), slot);
                slot += p.getSize();
            }
            mv.visitMethodInsn(Opcodes.INVOKEINTERFACE, callback, method.getName(), Type.getMethodDescriptor(method), true);
            if (role == Role.CHUNK_ELEMENT) {
                // the caller's callback has had the element: now read it (never delaying the application)
                int result = nextSlot;
                if (returned.getSort() != Type.VOID) {
                    mv.visitVarInsn(returned.getOpcode(Opcodes.ISTORE), result);
                    frameLocals.add(frameType(returned));
                }
                guarded(() -> {
                    pushFirstArgument();
                    timelineCall("inspect", "(Ljava/lang/Object;)V");
                });
                if (returned.getSort() != Type.VOID) {
                    mv.visitVarInsn(returned.getOpcode(Opcodes.ILOAD), result);
                }
            }
            mv.visitInsn(returned.getOpcode(Opcodes.IRETURN));
            mv.visitMaxs(0, 0);
            mv.visitEnd();
        }

        /** {@code try { report } catch (Throwable ignored) { }} with the two frames the verifier needs. */
        private void guarded(Runnable report) {
            Label start = new Label();
            Label end = new Label();
            Label handler = new Label();
            Label after = new Label();
            mv.visitTryCatchBlock(start, end, handler, THROWABLE);
            mv.visitLabel(start);
            report.run();
            mv.visitLabel(end);
            mv.visitJumpInsn(Opcodes.GOTO, after);
            mv.visitLabel(handler);
            Object[] locals = frameLocals.toArray();
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {THROWABLE});
            mv.visitInsn(Opcodes.POP);
            mv.visitLabel(after);
            mv.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
        }

        private void timelineCall(String name, String descriptor) {
            mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, TIMELINE, name, descriptor, false);
        }

        /** The timeline, then (for the report's argument) whatever the caller pushes next. */
        private void pushTimeline() {
            mv.visitVarInsn(Opcodes.ALOAD, 0);
            mv.visitFieldInsn(Opcodes.GETFIELD, owner, TIMELINE_FIELD, "L" + TIMELINE + ";");
        }

        private void pushArguments() {
            pushTimeline();
            BridgeWeaver.pushArgumentArray(mv, params, 1);
        }

        private void pushFirstArgument() {
            pushTimeline();
            if (params.length == 0) {
                mv.visitInsn(Opcodes.ACONST_NULL);
            } else {
                mv.visitVarInsn(params[0].getOpcode(Opcodes.ILOAD), 1);
                BridgeWeaver.box(mv, params[0]);
            }
        }

        private static Object frameType(Type type) {
            return switch (type.getSort()) {
                case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.LONG -> Opcodes.LONG;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                default -> type.getInternalName();
            };
        }
    }
}
