package dev.infertel.agent.instrument;

import dev.infertel.agent.runtime.Site;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Inlines the calls to the bootstrap {@code Bridge} into one site's methods, with ASM alone. Byte
 * Buddy's {@code Advice} did the same, but its first use loads and interprets some 600 classes while
 * the application waits for its class to load (0.25 to 0.45 s on a small VM); this loads a few dozen.
 *
 * <p>What a woven method does, for the three site shapes:
 * <pre>
 *   CallTimeline t = Bridge.enter(siteId, this or null, new Object[] {arguments, boxed});
 *   // callback sites: the callback argument becomes the tap Bridge.tapCallback returns
 *   try {
 *       ... the original body; at each return:
 *       Bridge.exit(t, result, null);                     // plain and callback sites
 *       return (ReturnType) Bridge.exitWrapping(t, result, null);   // returns sites
 *   } catch (Throwable thrown) {
 *       Bridge.exit(t, null, thrown);
 *       throw thrown;
 *   }
 * </pre>
 * The Bridge methods never throw. The class keeps its shape (no new members or signatures), as
 * retransformation requires. The timeline lives in a new local past the method's own ones, so the
 * original code and its stack map frames keep their meaning; each frame gains that local, and the
 * handler's frame names nothing else (every other local is TOP, which any state satisfies).
 */
final class BridgeWeaver {

    private static final String BRIDGE = "dev/infertel/bootstrap/Bridge";
    private static final String TIMELINE = "dev/infertel/bootstrap/CallTimeline";
    private static final String OBJECT = "java/lang/Object";
    private static final String THROWABLE = "java/lang/Throwable";
    private static final String ENTER = "(ILjava/lang/Object;[Ljava/lang/Object;)L" + TIMELINE + ";";
    private static final String EXIT = "(L" + TIMELINE + ";Ljava/lang/Object;Ljava/lang/Throwable;)V";
    private static final String EXIT_WRAPPING = "(L" + TIMELINE + ";Ljava/lang/Object;Ljava/lang/Throwable;)Ljava/lang/Object;";
    private static final String TAP_CALLBACK = "(L" + TIMELINE + ";Ljava/lang/Class;[Ljava/lang/Object;)[Ljava/lang/Object;";
    /** Class files before Java 6 carry no stack map frames; before Java 5, no class constants. */
    private static final int V1_6 = 50;
    private static final int V1_5 = 49;

    /** Which of a class's methods to weave for a site, and whether each fits the site's shape. */
    interface MethodFilter {
        boolean weave(String owner, int access, String name, String descriptor);
    }

    private BridgeWeaver() {
    }

    /**
     * Weaves {@code site} into the methods of {@code bytes} that {@code filter} accepts.
     *
     * @return the new class bytes, or null when no method was woven
     */
    static byte[] weave(byte[] bytes, Site site, MethodFilter filter) {
        ClassReader reader = new ClassReader(bytes);
        Map<String, Integer> maxLocals = chosenMethods(reader, site, filter);
        if (maxLocals.isEmpty()) {
            return null;
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;
            private int version;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                this.owner = name;
                this.version = version & 0xFFFF;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                Integer locals = maxLocals.get(name + descriptor);
                return locals == null ? mv
                        : new SiteMethod(mv, site, owner, version, access, descriptor, locals);
            }
        }, ClassReader.EXPAND_FRAMES);
        return writer.toByteArray();
    }

    /**
     * Weaves a returned stream handle's class (an {@code iterable_class}, e.g. google-genai's
     * {@code ResponseStream}): {@code iterator()} hands out {@code Bridge.iterableIterator(this, it)} and
     * {@code close()} reports {@code Bridge.iterableClosed(this)} when it returns or throws. Handles that
     * carry no call are left as they are by the bridge.
     *
     * @return the new class bytes, or null when the class declares neither method with code
     */
    static byte[] weaveIterableHandle(byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        boolean[] found = new boolean[1];
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;
            private boolean frames;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                this.owner = name;
                this.frames = (version & 0xFFFF) >= V1_6;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_STATIC | Opcodes.ACC_BRIDGE)) != 0) {
                    return mv;
                }
                if (name.equals("iterator") && descriptor.equals("()Ljava/util/Iterator;")) {
                    found[0] = true;
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitInsn(int opcode) {
                            if (opcode == Opcodes.ARETURN) {
                                super.visitVarInsn(Opcodes.ALOAD, 0);
                                super.visitInsn(Opcodes.SWAP);
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "iterableIterator",
                                        "(Ljava/lang/Object;Ljava/lang/Object;)Ljava/lang/Object;", false);
                                super.visitTypeInsn(Opcodes.CHECKCAST, "java/util/Iterator");
                            }
                            super.visitInsn(opcode);
                        }
                    };
                }
                if (name.equals("close") && descriptor.startsWith("()")) {
                    found[0] = true;
                    return new ClosingMethod(mv, owner, frames);
                }
                return mv;
            }
        }, ClassReader.EXPAND_FRAMES); // the handler's frame is expanded: all of them must be
        return found[0] ? writer.toByteArray() : null;
    }

    /** {@code close()}: reports the close on every return and on a throw (then rethrows). */
    private static final class ClosingMethod extends MethodVisitor {
        private static final String CLOSED = "(Ljava/lang/Object;)V";
        private final String owner;
        private final boolean frames;
        private final Label start = new Label();
        private final Label end = new Label();

        ClosingMethod(MethodVisitor mv, String owner, boolean frames) {
            super(Opcodes.ASM9, mv);
            this.owner = owner;
            this.frames = frames;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitLabel(start);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "iterableClosed", CLOSED, false);
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            Label handler = new Label();
            super.visitLabel(end);
            super.visitLabel(handler);
            if (frames) {
                // `this` stays in slot 0 throughout an instance method; nothing else is needed here
                super.visitFrame(Opcodes.F_NEW, 1, new Object[] {owner}, 1, new Object[] {THROWABLE});
            }
            super.visitVarInsn(Opcodes.ALOAD, 0);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "iterableClosed", CLOSED, false);
            super.visitInsn(Opcodes.ATHROW);
            super.visitTryCatchBlock(start, end, handler, THROWABLE);
            super.visitMaxs(maxStack, maxLocals);
        }
    }

    /** First pass: the methods to weave, each with its max_locals (where the timeline's local goes). */
    private static Map<String, Integer> chosenMethods(ClassReader reader, Site site, MethodFilter filter) {
        Map<String, Integer> chosen = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            private String owner;
            private boolean oldClassFile;

            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                this.owner = name;
                this.oldClassFile = (version & 0xFFFF) < V1_5; // no ldc of a class for the callback origin
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0
                        || name.charAt(0) == '<' || !filter.weave(owner, access, name, descriptor)) {
                    return null;
                }
                if (oldClassFile && site.kind() == Site.Kind.CALLBACK) {
                    return null;
                }
                String key = name + descriptor;
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMaxs(int maxStack, int locals) {
                        chosen.put(key, locals);
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return chosen;
    }

    /** Rewrites one method: entry, each return, and a catch-all handler at the end. */
    private static final class SiteMethod extends MethodVisitor {
        private final Site site;
        private final String owner;
        private final boolean frames;
        private final boolean isStatic;
        private final Type[] params;
        private final Type returned;
        /** The method's own max_locals: the timeline's slot; a scratch array slot follows it. */
        private final int timeline;
        private final Label bodyStart = new Label();
        private final Label bodyEnd = new Label();
        private final Label handler = new Label();

        SiteMethod(MethodVisitor mv, Site site, String owner, int version, int access, String descriptor,
                   int maxLocals) {
            super(Opcodes.ASM9, mv);
            this.site = site;
            this.owner = owner;
            this.frames = version >= V1_6;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.params = Type.getArgumentTypes(descriptor);
            this.returned = Type.getReturnType(descriptor);
            this.timeline = maxLocals;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (site.kind() == Site.Kind.CALLBACK) {
                int argsSlot = timeline + 1;
                pushArguments();
                super.visitVarInsn(Opcodes.ASTORE, argsSlot);
                pushInt(site.id());
                pushThis();
                super.visitVarInsn(Opcodes.ALOAD, argsSlot);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enter", ENTER, false);
                super.visitVarInsn(Opcodes.ASTORE, timeline);
                int callback = site.config().stream().callbackArg();
                super.visitVarInsn(Opcodes.ALOAD, timeline);
                super.visitLdcInsn(Type.getObjectType(owner));
                super.visitVarInsn(Opcodes.ALOAD, argsSlot);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "tapCallback", TAP_CALLBACK, false);
                pushInt(callback);
                super.visitInsn(Opcodes.AALOAD);
                super.visitTypeInsn(Opcodes.CHECKCAST, params[callback].getInternalName());
                super.visitVarInsn(Opcodes.ASTORE, slotOf(callback));
            } else {
                pushInt(site.id());
                pushThis();
                pushArguments();
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "enter", ENTER, false);
                super.visitVarInsn(Opcodes.ASTORE, timeline);
            }
            super.visitLabel(bodyStart);
        }

        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            // EXPAND_FRAMES: every frame is F_NEW with all its locals; add the timeline past them
            List<Object> locals = new ArrayList<>(numLocal + 8);
            int slots = 0;
            for (int i = 0; i < numLocal; i++) {
                locals.add(local[i]);
                slots += local[i] == Opcodes.LONG || local[i] == Opcodes.DOUBLE ? 2 : 1;
            }
            for (; slots < timeline; slots++) {
                locals.add(Opcodes.TOP);
            }
            locals.add(TIMELINE);
            super.visitFrame(type, locals.size(), locals.toArray(), numStack, stack);
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                beforeReturn(opcode);
            }
            super.visitInsn(opcode);
        }

        private void beforeReturn(int opcode) {
            if (site.kind() == Site.Kind.RETURNS && opcode == Opcodes.ARETURN) {
                super.visitVarInsn(Opcodes.ALOAD, timeline);
                super.visitInsn(Opcodes.SWAP);
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "exitWrapping", EXIT_WRAPPING, false);
                super.visitTypeInsn(Opcodes.CHECKCAST, returned.getInternalName());
                return;
            }
            if (opcode == Opcodes.RETURN) {
                super.visitVarInsn(Opcodes.ALOAD, timeline);
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitInsn(Opcodes.ACONST_NULL);
            } else {
                super.visitInsn(returned.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
                box(returned);
                super.visitVarInsn(Opcodes.ALOAD, timeline);
                super.visitInsn(Opcodes.SWAP);
                super.visitInsn(Opcodes.ACONST_NULL);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "exit", EXIT, false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitLabel(bodyEnd);
            super.visitLabel(handler);
            if (frames) {
                Object[] locals = new Object[timeline + 1];
                java.util.Arrays.fill(locals, Opcodes.TOP);
                locals[timeline] = TIMELINE;
                super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {THROWABLE});
            }
            // stack: thrown -> Bridge.exit(timeline, null, thrown); throw thrown
            super.visitInsn(Opcodes.DUP);
            super.visitVarInsn(Opcodes.ALOAD, timeline);
            super.visitInsn(Opcodes.SWAP);
            super.visitInsn(Opcodes.ACONST_NULL);
            super.visitInsn(Opcodes.SWAP);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "exit", EXIT, false);
            super.visitInsn(Opcodes.ATHROW);
            // last in the exception table: the method's own handlers keep precedence
            super.visitTryCatchBlock(bodyStart, bodyEnd, handler, THROWABLE);
            super.visitMaxs(maxStack, maxLocals);
        }

        private void pushThis() {
            if (isStatic) {
                super.visitInsn(Opcodes.ACONST_NULL);
            } else {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            }
        }

        private void pushArguments() {
            pushArgumentArray(mv, params, isStatic ? 0 : 1);
        }

        private int slotOf(int param) {
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < param; i++) {
                slot += params[i].getSize();
            }
            return slot;
        }

        private void pushInt(int value) {
            BridgeWeaver.pushInt(mv, value);
        }

        private void box(Type type) {
            BridgeWeaver.box(mv, type);
        }
    }

    /** {@code new Object[] {parameters, boxed}}, the parameters' slots starting at {@code firstSlot}. */
    static void pushArgumentArray(MethodVisitor mv, Type[] params, int firstSlot) {
        pushInt(mv, params.length);
        mv.visitTypeInsn(Opcodes.ANEWARRAY, OBJECT);
        int slot = firstSlot;
        for (int i = 0; i < params.length; i++) {
            mv.visitInsn(Opcodes.DUP);
            pushInt(mv, i);
            mv.visitVarInsn(params[i].getOpcode(Opcodes.ILOAD), slot);
            box(mv, params[i]);
            mv.visitInsn(Opcodes.AASTORE);
            slot += params[i].getSize();
        }
    }

    static void pushInt(MethodVisitor mv, int value) {
        if (value >= -1 && value <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
    }

    /** Boxes the primitive on top of the stack (an object stays as it is). */
    static void box(MethodVisitor mv, Type type) {
        String box = switch (type.getSort()) {
            case Type.BOOLEAN -> "java/lang/Boolean";
            case Type.BYTE -> "java/lang/Byte";
            case Type.CHAR -> "java/lang/Character";
            case Type.SHORT -> "java/lang/Short";
            case Type.INT -> "java/lang/Integer";
            case Type.LONG -> "java/lang/Long";
            case Type.FLOAT -> "java/lang/Float";
            case Type.DOUBLE -> "java/lang/Double";
            default -> null;
        };
        if (box != null) {
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, box, "valueOf", "(" + type.getDescriptor() + ")L" + box + ";", false);
        }
    }
}
