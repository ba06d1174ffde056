package gateway.api;

import java.util.function.Consumer;
import java.util.function.Function;

import gateway.job.Job;
import gateway.job.JobChange;
import gateway.job.JobFollower;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One open event stream, written straight to its HTTP response: the job's states newer than what the client saw,
 * heartbeats, and the end after the terminal state (or a reconnect hint when the server sends it away). A few
 * fields per stream: the frames it writes are shared with every other stream on the job. Everything it writes, it
 * writes on its connection's event loop, as Vert.x expects of a response.
 */
final class EventStream implements JobFollower {

    private final HttpServerResponse response;
    private final Context context;
    private final Function<Job, Buffer> encoder;
    private final Consumer<EventStream> onEnd;
    private long lastSent; // the client's Last-Event-ID, then what it was sent; touched by the feed's delivery only
    private boolean ended; // guarded by this: no write after the end
    private Runnable unfollow; // guarded by this: set once following

    EventStream(HttpServerResponse response, Context context, long lastEventId, Function<Job, Buffer> encoder,
            Consumer<EventStream> onEnd) {
        this.response = response;
        this.context = context;
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
            Buffer frame = change.encoded(encoder);
            onLoop(() -> write(frame));
        }
        if (job.isTerminal()) {
            onLoop(() -> end(null));
        }
    }

    void heartbeat() {
        onLoop(() -> {
            synchronized (this) {
                if (ended || response.writeQueueFull()) {
                    return; // a stream whose client is not reading is not idle: no heartbeat needed
                }
                response.write(SseFrames.HEARTBEAT);
            }
        });
    }

    /** Ends the stream with a reconnect hint, unless it has ended. */
    void sendAway() {
        onLoop(() -> end(SseFrames.RECONNECT));
    }

    /** Runs a write on the connection's event loop, after those asked before it. */
    private void onLoop(Runnable write) {
        context.runOnContext(ignored -> write.run());
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
