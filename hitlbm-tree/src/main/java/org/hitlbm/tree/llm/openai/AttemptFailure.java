package org.hitlbm.tree.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;

/**
 * What went wrong in one request, and whether another attempt may help: rate limits (429),
 * server errors (5xx), connection failures and timeouts may pass; other 4xx and malformed
 * responses will not.
 */
record AttemptFailure(boolean retryable, String description) {
    private static final int MAX_BODY_CHARS = 300;

    /** Reads the cause chain of whatever langchain4j threw. */
    static AttemptFailure of(Throwable thrown) {
        HttpException http = find(thrown, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            boolean retryable = status == 429 || (status >= 500 && status < 600);
            return new AttemptFailure(retryable, "HTTP " + status + " (" + snippet(http.getMessage()) + ")");
        }
        // before IOException: Jackson's exceptions are IOExceptions too, but a bad body will not get better
        JsonProcessingException json = find(thrown, JsonProcessingException.class);
        if (json != null) {
            return new AttemptFailure(false, "malformed response, not chat-completions JSON: "
                    + snippet(json.getOriginalMessage()));
        }
        if (find(thrown, dev.langchain4j.exception.TimeoutException.class) != null
                || find(thrown, HttpTimeoutException.class) != null) {
            return new AttemptFailure(true, "timed out (" + rootMessage(thrown) + ")");
        }
        IOException io = find(thrown, IOException.class);
        if (io != null) {
            // the JDK client's ConnectException carries no message: say what it usually means
            String detail = io.getMessage() != null ? io.getClass().getSimpleName() + ": " + io.getMessage()
                    : io instanceof ConnectException ? "connection refused: is the server running?"
                    : io.getClass().getSimpleName();
            return new AttemptFailure(true, "connection failed (" + detail + ")");
        }
        if (thrown instanceof InternalServerException) {
            // langchain4j raises it, without an HTTP status, for a 200 response that has no choices
            return new AttemptFailure(false, "malformed response: " + thrown.getMessage());
        }
        return new AttemptFailure(false, "unexpected failure (" + thrown + ")");
    }

    private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String rootMessage(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String snippet(String text) {
        if (text == null || text.isBlank()) {
            return "empty body";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_BODY_CHARS ? oneLine : oneLine.substring(0, MAX_BODY_CHARS) + "...";
    }
}
