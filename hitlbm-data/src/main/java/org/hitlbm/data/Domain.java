package org.hitlbm.data;

/** The item domain of a dataset; picks prompt templates and item wording downstream. */
public enum Domain {
    MOVIES, BOOKS
}
