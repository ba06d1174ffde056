package gateway.api;

import java.util.function.Consumer;
import java.util.function.Function;

import gateway.job.Job;
import gateway.job.JobChange;
import gateway.job.JobFollower;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One open event stream, written straight to its HTTP response: the job's states newer than what the client saw,
 * heartbeats, and the end after the terminal state (or a reconnect hint when the server sends it away). A few
 * fields per stream: the frames it writes are shared with every other stream on the job.
 */
final class EventStream implements JobFollower {

    private final HttpServerResponse response;
    private final Function<Job, Buffer> encoder;
    private final Consumer<EventStream> onEnd;
    private long lastSent; // the client's Last-Event-ID, then what it was sent; touched by the feed's delivery only
    private boolean ended; // guarded by this: no write after the end
    private Runnable unfollow; // guarded by this: set once following

    EventStream(HttpServerResponse response, long lastEventId, Function<Job, Buffer> encoder,
            Consumer<EventStream> onEnd) {
        this.response = response;
        this.lastSent = lastEventId;
        this.encoder = encoder;
        this.onEnd = onEnd;
    }

    /** Keeps what stops following; stops at once if the stream ended in the meantime. */
    void following(Runnable stop) {
        boolean alreadyEnded;
        synchronized (this) {
            unfollow = stop;
            alreadyEnded = ended;
        }
        if (alreadyEnded) {
            stop.run();
        }
    }

    @Override
    public void onChange(JobChange change) {
        Job job = change.job();
        if (job.seq() > lastSent) {
            lastSent = job.seq();
            write(change.encoded(encoder));
        }
        if (job.isTerminal()) {
            end(null);
        }
    }

    void heartbeat() {
        synchronized (this) {
            if (ended || response.writeQueueFull()) {
                return; // a stream whose client is not reading is not idle: no heartbeat needed
            }
            response.write(SseFrames.HEARTBEAT);
        }
    }

    /** Ends the stream with a reconnect hint; false if it had already ended. */
    boolean sendAway() {
        return end(SseFrames.RECONNECT);
    }

    /** The client went away: nothing more to write. */
    void closed() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        stopFollowing();
    }

    private void write(Buffer frame) {
        synchronized (this) {
            if (!ended) {
                response.write(frame);
            }
        }
    }

    private boolean end(Buffer last) {
        synchronized (this) {
            if (ended) {
                return false;
            }
            ended = true;
            if (last == null) {
                response.end();
            } else {
                response.end(last);
            }
        }
        stopFollowing();
        return true;
    }

    private void stopFollowing() {
        Runnable stop;
        synchronized (this) {
            stop = unfollow;
        }
        if (stop != null) {
            stop.run();
        }
        onEnd.accept(this);
    }
}
