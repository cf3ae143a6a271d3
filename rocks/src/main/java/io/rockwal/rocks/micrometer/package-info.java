/**
 * The log's figures as Micrometer meters: {@link io.rockwal.rocks.micrometer.RockwalMeterBinder}. Needs
 * {@code io.micrometer:micrometer-core} on the class path, an optional dependency of this module.
 */
package io.rockwal.rocks.micrometer;
