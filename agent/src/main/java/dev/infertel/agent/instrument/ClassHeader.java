package dev.infertel.agent.instrument;

/**
 * The few facts of a class file the matcher needs (name, super class, interfaces, flags), read
 * straight from the bytes: skipping the constant pool is far cheaper than a full parse, and it runs
 * for every class the application loads.
 *
 * @param name internal name ({@code com/acme/Client})
 * @param superName internal name of the super class, null for {@code java/lang/Object}
 * @param interfaces internal names of the directly implemented interfaces
 */
record ClassHeader(int access, String name, String superName, String[] interfaces) {

    static final int ACC_INTERFACE = 0x0200;
    private static final String[] NONE = new String[0];

    boolean isInterface() {
        return (access & ACC_INTERFACE) != 0;
    }

    /** Parses the header, or returns null when the bytes are not a class file this reader understands. */
    static ClassHeader parse(byte[] b) {
        try {
            if (b.length < 10 || u4(b, 0) != 0xCAFEBABE) {
                return null;
            }
            int count = u2(b, 8);
            int[] offsets = new int[count];
            int p = 10;
            for (int i = 1; i < count; i++) {
                offsets[i] = p;
                int tag = b[p] & 0xFF;
                switch (tag) {
                    case 1 -> p += 3 + u2(b, p + 1);                  // Utf8
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 5;      // Integer, Float, refs, NameAndType, Dynamic
                    case 5, 6 -> {                                    // Long, Double take two slots
                        p += 9;
                        i++;
                    }
                    case 7, 8, 16, 19, 20 -> p += 3;                  // Class, String, MethodType, Module, Package
                    case 15 -> p += 4;                                // MethodHandle
                    default -> {
                        return null;
                    }
                }
            }
            int access = u2(b, p);
            String name = className(b, offsets, u2(b, p + 2));
            int superIndex = u2(b, p + 4);
            String superName = superIndex == 0 ? null : className(b, offsets, superIndex);
            int n = u2(b, p + 6);
            String[] interfaces = n == 0 ? NONE : new String[n];
            for (int i = 0; i < n; i++) {
                interfaces[i] = className(b, offsets, u2(b, p + 8 + 2 * i));
            }
            return new ClassHeader(access, name, superName, interfaces);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String className(byte[] b, int[] offsets, int classIndex) {
        int utf8 = offsets[u2(b, offsets[classIndex] + 1)];
        int length = u2(b, utf8 + 1);
        // class names in practice are ASCII; modified UTF-8 otherwise
        char[] chars = new char[length];
        int n = 0;
        int end = utf8 + 3 + length;
        for (int i = utf8 + 3; i < end; ) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                chars[n++] = (char) c;
                i++;
            } else if ((c & 0xE0) == 0xC0) {
                chars[n++] = (char) (((c & 0x1F) << 6) | (b[i + 1] & 0x3F));
                i += 2;
            } else {
                chars[n++] = (char) (((c & 0x0F) << 12) | ((b[i + 1] & 0x3F) << 6) | (b[i + 2] & 0x3F));
                i += 3;
            }
        }
        return new String(chars, 0, n);
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    private static int u4(byte[] b, int p) {
        return (u2(b, p) << 16) | u2(b, p + 2);
    }
}
