package org.hitlbm.data;

import java.util.Map;
import java.util.Optional;

/**
 * Which users (and which of their items) one process of a split job takes: shard {@code index} of
 * {@code count} (1-based) takes every {@code count}-th user by position, starting at position
 * {@code index - 1}, among the first {@code firstUsers}; the items those users touch are split the
 * same way by their place in the ascending item list, so each item is asked about by one shard.
 * Positions are the prepared dataset's user order, the same in every process on the same data.
 */
public record UserShard(int index, int count, int firstUsers) {
    public static final UserShard ALL = new UserShard(1, 1, Integer.MAX_VALUE);

    public UserShard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": expected i/n with 1 <= i <= n");
        }
        if (firstUsers < 1) {
            throw new IllegalArgumentException("firstUsers must be >= 1, got " + firstUsers);
        }
    }

    public static UserShard of(int index, int count) {
        return new UserShard(index, count, Integer.MAX_VALUE);
    }

    /** The first {@code n} users, unsplit (a quick look at a real model). */
    public static UserShard firstUsers(int n) {
        return n == Integer.MAX_VALUE ? ALL : new UserShard(1, 1, n);
    }

    /** "i/n", e.g. "2/8". */
    public static UserShard parse(String option) {
        String[] parts = option.split("/");
        try {
            if (parts.length == 2) {
                return of(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("'" + option + "': expected i/n, e.g. 1/4");
    }

    /**
     * The shard an array job gives this process: SLURM's {@code SLURM_ARRAY_TASK_ID} (less {@code
     * SLURM_ARRAY_TASK_MIN}, so {@code --array=0-7} and {@code 1-8} both work) of {@code
     * SLURM_ARRAY_TASK_COUNT}, or a Kubernetes Indexed Job's {@code JOB_COMPLETION_INDEX} (0-based) of
     * {@code HITLBM_SHARD_COUNT} (the Job's completions; Kubernetes does not export it).
     *
     * @throws IllegalArgumentException naming the variables when they are set but make no shard
     */
    public static Optional<UserShard> fromEnvironment(Map<String, String> env) {
        String slurmId = env.get("SLURM_ARRAY_TASK_ID");
        String slurmCount = env.get("SLURM_ARRAY_TASK_COUNT");
        if (slurmId != null && slurmCount != null) {
            String min = env.getOrDefault("SLURM_ARRAY_TASK_MIN", "0");
            return Optional.of(fromVariables("SLURM_ARRAY_TASK_ID=" + slurmId + ", SLURM_ARRAY_TASK_MIN=" + min
                    + ", SLURM_ARRAY_TASK_COUNT=" + slurmCount, slurmId, min, slurmCount));
        }
        String k8sIndex = env.get("JOB_COMPLETION_INDEX");
        String k8sCount = env.get("HITLBM_SHARD_COUNT");
        if (k8sIndex != null) {
            if (k8sCount == null) {
                throw new IllegalArgumentException("JOB_COMPLETION_INDEX=" + k8sIndex + " is set but HITLBM_SHARD_COUNT is not:"
                        + " set it to the Job's completions");
            }
            return Optional.of(fromVariables("JOB_COMPLETION_INDEX=" + k8sIndex + ", HITLBM_SHARD_COUNT=" + k8sCount, k8sIndex,
                    "0", k8sCount));
        }
        return Optional.empty();
    }

    private static UserShard fromVariables(String what, String id, String min, String count) {
        try {
            return of(Integer.parseInt(id.trim()) - Integer.parseInt(min.trim()) + 1, Integer.parseInt(count.trim()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not a shard i/n with 1 <= i <= n");
        }
    }

    public boolean isAll() {
        return count == 1 && firstUsers == Integer.MAX_VALUE;
    }

    /** Whether the user at this position of the prepared dataset is this shard's. */
    public boolean takesUser(int position) {
        return position < firstUsers && position % count == index - 1;
    }

    /** Whether the item at this place of the ascending list of the selected users' items is this shard's. */
    public boolean takesItem(int ordinal) {
        return ordinal % count == index - 1;
    }

    /** For cache keys: empty for every user. */
    public String key() {
        return (firstUsers == Integer.MAX_VALUE ? "" : "|users=" + firstUsers) + (count == 1 ? "" : "|shard=" + index + "/" + count);
    }

    @Override
    public String toString() {
        return isAll() ? "all users" : (count == 1 ? "" : "shard " + index + "/" + count)
                + (firstUsers == Integer.MAX_VALUE ? "" : (count == 1 ? "" : " of ") + "the first " + firstUsers + " users");
    }
}
