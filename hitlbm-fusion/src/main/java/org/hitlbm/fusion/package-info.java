/**
 * Interest encoders (text to vectors) and the fusion modules TIF, MLP, SA and GRU that turn a
 * user's chunk interests into side features for any backbone (SPEC: TIF). Filled in by the
 * encoder and fusion issues.
 */
package org.hitlbm.fusion;
