package org.hitlbm.gadget;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A serializable class outside org.hitlbm.data whose deserialization has a visible side effect,
 * standing in for a gadget on the class path: reading a cache entry must never run it.
 */
public final class SideEffectGadget implements Serializable {
    public static final AtomicBoolean RAN = new AtomicBoolean();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        RAN.set(true);
    }
}
