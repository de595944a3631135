package dev.kassa.jobs;

/** What a running job tells about itself; saved and sent on the live stream at most a few times a second. */
public interface JobProgress {

	/** How much is done so far: after a resumed run, where the last one stopped. */
	long done();

	void total(long total);

	void done(long done);

	/** Notes an error of one item (the job goes on). */
	void error(String message);
}
