/**
 * {@code ./seqgate demo}: runs the same uploads through the stack twice, once with coordination off and
 * once on ({@link io.seqgate.devstack.demo.DemoRun}), with processing made slow at random
 * ({@link io.seqgate.devstack.demo.SlowTransform}) so that events of one object overtake each other, and
 * reports what each run left in the output bucket ({@link io.seqgate.devstack.demo.DemoReport}, with a
 * {@link io.seqgate.devstack.demo.ContactSheet} of the images). It builds on the stack and is started by
 * the command line.
 */
package io.seqgate.devstack.demo;
