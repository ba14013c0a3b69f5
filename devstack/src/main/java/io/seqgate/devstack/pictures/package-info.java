/**
 * The pictures the dev tools, the benchmarks and the integration tests upload, drawn with Java2D so that
 * no image file ships: one painter per kind ({@link io.seqgate.devstack.pictures.Pictures}). The demo's
 * cat and dog are the demo's own ({@code demo.DemoImages}).
 */
package io.seqgate.devstack.pictures;
