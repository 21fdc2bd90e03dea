package org.hitlbm.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserShardTest {
    @Test
    void theShardsOfOneJobTakeEveryUserAndItemExactlyOnce() {
        for (int n = 1; n <= 5; n++) {
            int[] userTakers = new int[37];
            int[] itemTakers = new int[23];
            for (int i = 1; i <= n; i++) {
                UserShard shard = UserShard.of(i, n);
                for (int u = 0; u < userTakers.length; u++) {
                    userTakers[u] += shard.takesUser(u) ? 1 : 0;
                }
                for (int k = 0; k < itemTakers.length; k++) {
                    itemTakers[k] += shard.takesItem(k) ? 1 : 0;
                }
            }
            for (int t : userTakers) {
                assertEquals(1, t, "n = " + n);
            }
            for (int t : itemTakers) {
                assertEquals(1, t, "n = " + n);
            }
        }
        assertTrue(UserShard.ALL.isAll() && UserShard.ALL.key().isEmpty());
        assertEquals("|shard=2/3", UserShard.of(2, 3).key());
        assertFalse(UserShard.firstUsers(4).takesUser(4));
        assertEquals("|users=4", UserShard.firstUsers(4).key());
    }

    @Test
    void parsedFromIOverNAndRefusedOtherwise() {
        assertEquals(UserShard.of(2, 8), UserShard.parse(" 2 / 8 "));
        for (String bad : new String[] {"0/4", "5/4", "1", "a/b", "1/0", "1/2/3"}) {
            assertThrows(IllegalArgumentException.class, () -> UserShard.parse(bad), bad);
        }
    }

    @Test
    void readFromASlurmArrayOrAKubernetesIndexedJob() {
        assertEquals(Optional.empty(), UserShard.fromEnvironment(Map.of()));
        // --array=0-7: ids 0..7, min 0
        assertEquals(Optional.of(UserShard.of(1, 8)), UserShard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "0",
                "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "8")));
        // --array=1-8: ids 1..8, min 1
        assertEquals(Optional.of(UserShard.of(8, 8)), UserShard.fromEnvironment(Map.of("SLURM_ARRAY_TASK_ID", "8",
                "SLURM_ARRAY_TASK_MIN", "1", "SLURM_ARRAY_TASK_COUNT", "8")));
        assertEquals(Optional.of(UserShard.of(3, 4)), UserShard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "2",
                "HITLBM_SHARD_COUNT", "4")));
        IllegalArgumentException noCount = assertThrows(IllegalArgumentException.class,
                () -> UserShard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "2")));
        assertTrue(noCount.getMessage().contains("HITLBM_SHARD_COUNT"), noCount.getMessage());
        IllegalArgumentException outOfRange = assertThrows(IllegalArgumentException.class,
                () -> UserShard.fromEnvironment(Map.of("JOB_COMPLETION_INDEX", "4", "HITLBM_SHARD_COUNT", "4")));
        assertTrue(outOfRange.getMessage().contains("JOB_COMPLETION_INDEX=4"), outOfRange.getMessage());
    }
}
