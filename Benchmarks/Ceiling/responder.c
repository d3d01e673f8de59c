/* The ceiling of the stdio benchmark: a responder that parses nothing but each request's numeric id and answers every
 * request with the same bytes a PForge calculator sends for 6 x 7. What the load driver measures against it is the cost
 * of the pipe, the driver and the system calls alone; a real server can only come below it. Built by scripts/bench. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char init_result[] =
    "\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},\"serverInfo\":{\"name\":\"ceiling\",\"version\":\"1.0.0\"}}}\n";
static const char call_result[] =
    "\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"{\\\"result\\\":42}\"}],\"structuredContent\":{\"result\":42}}}\n";

static char in[1 << 20];
static char out[1 << 22];

static int write_all(const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(1, data, length);
        if (n <= 0) return -1;
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

int main(void) {
    size_t filled = 0;
    for (;;) {
        ssize_t n = read(0, in + filled, sizeof in - filled);
        if (n <= 0) return 0;
        filled += (size_t)n;
        size_t start = 0, used = 0;
        char *newline;
        while ((newline = memchr(in + start, '\n', filled - start)) != NULL) {
            *newline = '\0';
            const char *id = strstr(in + start, "\"id\":");
            if (id != NULL) {
                id += 5;
                const char *end = id;
                while (*end >= '0' && *end <= '9') end++;
                const char *result = strstr(in + start, "\"initialize\"") ? init_result : call_result;
                size_t head = 22, id_length = (size_t)(end - id), tail = strlen(result);
                if (used + head + id_length + 1 + tail > sizeof out) { if (write_all(out, used)) return 1; used = 0; }
                memcpy(out + used, "{\"jsonrpc\":\"2.0\",\"id\":", head); used += head;
                memcpy(out + used, id, id_length); used += id_length;
                out[used++] = ',';
                memcpy(out + used, result, tail); used += tail;
            }
            start = (size_t)(newline - in) + 1;
        }
        if (used > 0 && write_all(out, used)) return 1;
        memmove(in, in + start, filled - start);
        filled -= start;
        if (filled == sizeof in) return 1; /* a line longer than the buffer */
    }
}
