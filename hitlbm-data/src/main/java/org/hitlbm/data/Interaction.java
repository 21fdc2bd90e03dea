package org.hitlbm.data;

import java.io.Serializable;

/**
 * One rating event.
 *
 * @param user      dense user id (1-based)
 * @param item      dense item id (1-based)
 * @param rating    the explicit rating (1..5 for every supported dataset)
 * @param timestamp seconds since the epoch, UTC
 */
public record Interaction(int user, int item, float rating, long timestamp) implements Serializable {
}
