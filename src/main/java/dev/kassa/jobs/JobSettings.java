package dev.kassa.jobs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the background jobs, bound from {@code kassa.jobs.*}.
 *
 * @param run whether this instance runs jobs; when false it only queues them and others run them
 * @param threads jobs this instance runs at once
 * @param poll how often the instance looks for due jobs (a job queued here also starts at once)
 * @param heartbeat how often a running job's execution is marked alive
 * @param missedHeartbeats heartbeats missed before an execution counts as dead (its process gone) and
 *        is picked up again: a killed process's job restarts after about {@code heartbeat * missedHeartbeats}
 */
@ConfigurationProperties("kassa.jobs")
record JobSettings(@DefaultValue("true") boolean run, @DefaultValue("4") int threads,
		@DefaultValue("500ms") Duration poll, @DefaultValue("5s") Duration heartbeat,
		@DefaultValue("6") int missedHeartbeats) {
}
