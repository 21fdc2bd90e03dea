/**
 * LLM backends, prompt templates, CUBE interest generation, SRM/PRM rating models and the
 * hierarchical tree search (SPEC: CUBE, HTS). Filled in by the LLM/CUBE and HTS issues.
 */
package org.hitlbm.tree;
