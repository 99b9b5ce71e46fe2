package io.aigateway.llm.mock;

import io.aigateway.llm.chat.ChatModel;
import io.aigateway.llm.chat.ChatPrompt;
import io.aigateway.llm.chat.ChatRequest;
import io.aigateway.llm.chat.ChatResponse;
import io.aigateway.llm.chat.TokenListener;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import io.aigateway.pipeline.text.Terms;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.Passage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A <b>mock</b> chat model: deterministic, offline, no language model involved. It exists so the gateway runs and is
 * testable end to end without an LLM; real providers (Azure OpenAI, OpenAI-compatible servers) come as adapters
 * beside it.
 *
 * <p>What it answers: with passages, an extract of them, each cited as {@code [1]}, {@code [2]}, built from the
 * sentence(s) of each passage sharing the most words with the question, followed by the sources' titles. Without
 * passages it restates the question and says that it is a mock with no knowledge source. The answer streams word by
 * word (each token a word with the whitespace after it), optionally with {@code token-delay} between tokens. Token
 * counts are estimates at about four characters per token; generation stops with finish reason {@code length} before
 * a token that would exceed {@code maxTokens}.
 *
 * <p>Failures on purpose: {@code gateway.llm.mock.failure} (optionally only for the first
 * {@code failures-before-success} calls) or, when directives are enabled, a {@code #mock-fail:<mode>} token in the
 * question for that one call. See {@link MockFailure} for the modes.
 */
public final class MockChatModel implements ChatModel {

    private static final Pattern DIRECTIVE = Pattern.compile("#mock-fail:([A-Za-z_-]*)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*");
    private static final int CHARS_PER_TOKEN = 4;
    private static final int SENTENCES_PER_PASSAGE = 2;
    private static final int MAX_EXCERPT_WORDS = 60;
    private static final int MAX_RESTATED_CHARS = 200;

    private final MockChatModelProperties properties;
    private final AtomicInteger configuredFailureCalls = new AtomicInteger();

    public MockChatModel(MockChatModelProperties properties) {
        this.properties = properties;
    }

    @Override
    public ChatResponse chat(ChatRequest request, TokenListener tokens) {
        MockFailure failure = failureFor(request.question());
        failBeforeAnswering(failure);
        String question = properties.directivesEnabled()
                ? DIRECTIVE.matcher(request.question()).replaceAll(" ")
                : request.question();
        List<String> pieces = tokens(compose(question, request.history(), request.passages()));
        if (failure == MockFailure.MID_STREAM) {
            pieces = pieces.subList(0, Math.max(1, pieces.size() / 2));
        }

        StringBuilder text = new StringBuilder();
        int completionTokens = 0;
        String finishReason = ChatResponse.STOP;
        for (String piece : pieces) {
            int cost = estimateTokens(piece);
            if (completionTokens + cost > request.maxTokens()) {
                finishReason = ChatResponse.LENGTH;
                break;
            }
            pause();
            tokens.token(piece);
            text.append(piece);
            completionTokens += cost;
        }
        if (failure == MockFailure.MID_STREAM) {
            throw StepException.retryable(
                    ErrorCodes.PROVIDER_UNAVAILABLE,
                    "mock chat model: the stream broke after " + completionTokens
                            + " tokens (failure mode mid-stream)");
        }
        return new ChatResponse(
                text.toString(), request.model(), promptTokens(request), completionTokens, finishReason);
    }

    /** The failure of this call: a directive in the question wins, then the configured mode and its call budget. */
    private MockFailure failureFor(String question) {
        if (properties.directivesEnabled()) {
            Matcher directive = DIRECTIVE.matcher(question);
            if (directive.find()) {
                String mode = directive.group(1);
                return MockFailure.find(mode)
                        .orElseThrow(() -> StepException.permanent(
                                ErrorCodes.PROVIDER_REJECTED,
                                "mock chat model: unknown #mock-fail mode '" + mode + "'; known: "
                                        + Arrays.stream(MockFailure.values())
                                                .map(MockFailure::id)
                                                .collect(Collectors.joining(", "))));
            }
        }
        if (properties.failure() == MockFailure.NONE) {
            return MockFailure.NONE;
        }
        int call = configuredFailureCalls.incrementAndGet();
        boolean fails = properties.failuresBeforeSuccess() == 0 || call <= properties.failuresBeforeSuccess();
        return fails ? properties.failure() : MockFailure.NONE;
    }

    private void failBeforeAnswering(MockFailure failure) {
        switch (failure) {
            case RATE_LIMITED ->
                throw new StepException(
                        ErrorCodes.PROVIDER_RATE_LIMITED,
                        "mock chat model: rate limited (failure mode rate-limited)",
                        true,
                        properties.retryAfter(),
                        null);
            case UNAVAILABLE ->
                throw StepException.retryable(
                        ErrorCodes.PROVIDER_UNAVAILABLE, "mock chat model: unavailable (failure mode unavailable)");
            case REJECTED ->
                throw StepException.permanent(
                        ErrorCodes.PROVIDER_REJECTED, "mock chat model: request rejected (failure mode rejected)");
            case CRASH -> throw new IllegalStateException("mock chat model crashed on purpose (failure mode crash)");
            case NONE, MID_STREAM -> {
                // these answer, MID_STREAM only in part
            }
        }
    }

    private void pause() {
        if (properties.tokenDelay().isZero()) {
            return;
        }
        try {
            Thread.sleep(
                    properties.tokenDelay().toMillis(), properties.tokenDelay().toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StepException.retryable(
                    ErrorCodes.PROVIDER_UNAVAILABLE, "mock chat model: interrupted while streaming");
        }
    }

    static String compose(String question, List<ChatMessage> history, List<Passage> passages) {
        if (passages.isEmpty()) {
            String restated = restate(question);
            String turns = history.isEmpty()
                    ? ""
                    : "This conversation has " + history.size()
                            + (history.size() == 1 ? " earlier turn. " : " earlier turns. ");
            return "You asked: \"" + restated + "\". " + turns + "I am the gateway's mock chat model: I answer only "
                    + "from retrieved passages, and no passages came with this question, so I have no knowledge "
                    + "source to answer from. Configure a real chat model provider (gateway.llm.provider) for real "
                    + "answers.";
        }
        Set<String> questionTerms = Terms.of(question);
        StringBuilder answer = new StringBuilder("Here is what the knowledge base says:\n");
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            Passage passage = passages.get(i);
            answer.append("- ")
                    .append(excerpt(passage.text(), questionTerms))
                    .append(" [")
                    .append(i + 1)
                    .append("]\n");
            String title =
                    passage.title() != null && !passage.title().isBlank() ? passage.title() : passage.documentId();
            sources.add("[" + (i + 1) + "] " + title);
        }
        return answer.append("Sources: ")
                .append(String.join(", ", sources))
                .append('.')
                .toString();
    }

    /**
     * The sentence of a passage that shares the most words with the question (two when two tie), in their own order;
     * the first sentence when none shares any.
     */
    static String excerpt(String text, Set<String> questionTerms) {
        if (text == null || text.isBlank()) {
            return "(the passage has no text)";
        }
        String[] sentences = sentences(text.trim());
        int[] scores = Arrays.stream(sentences)
                .mapToInt(s -> overlap(Terms.of(s), questionTerms))
                .toArray();
        int best = Arrays.stream(scores).max().orElse(0);
        // only the best-matching sentences: a second one that shares fewer words is more noise than answer
        List<Integer> chosen = IntStream.range(0, sentences.length)
                .boxed()
                .filter(i -> best > 0 && scores[i] == best)
                .limit(SENTENCES_PER_PASSAGE)
                .toList();
        String excerpt = chosen.isEmpty()
                ? sentences[0]
                : chosen.stream().map(i -> sentences[i]).collect(Collectors.joining(" "));
        return condense(excerpt);
    }

    /**
     * The text split after each {@code .}, {@code !} or {@code ?} that whitespace follows, the whitespace dropped: a
     * scan rather than a regular expression, since it runs on every passage of every answer.
     */
    static String[] sentences(String text) {
        List<String> sentences = new ArrayList<>();
        int start = 0;
        int i = 1;
        while (i < text.length()) {
            char before = text.charAt(i - 1);
            if (isSpace(text.charAt(i)) && (before == '.' || before == '!' || before == '?')) {
                sentences.add(text.substring(start, i));
                while (i < text.length() && isSpace(text.charAt(i))) {
                    i++;
                }
                start = i;
            }
            i++;
        }
        if (start < text.length() || sentences.isEmpty()) {
            sentences.add(text.substring(Math.min(start, text.length())));
        }
        return sentences.toArray(String[]::new);
    }

    /** What {@code \s} matches in a regular expression. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == (char) 11 || c == '\f' || c == '\r';
    }

    private static int overlap(Set<String> sentenceTerms, Set<String> questionTerms) {
        int shared = 0;
        for (String term : sentenceTerms) {
            if (questionTerms.contains(term)) {
                shared++;
            }
        }
        return shared;
    }

    private static String condense(String excerpt) {
        String[] words = excerpt.trim().split("\\s+");
        if (words.length <= MAX_EXCERPT_WORDS) {
            return String.join(" ", words);
        }
        return String.join(" ", Arrays.asList(words).subList(0, MAX_EXCERPT_WORDS)) + " ...";
    }

    private static String restate(String question) {
        String plain = question.trim().replaceAll("\\s+", " ");
        return plain.length() <= MAX_RESTATED_CHARS ? plain : plain.substring(0, MAX_RESTATED_CHARS) + " ...";
    }

    /** Word-ish tokens, each with the whitespace that follows it, so that joining them gives the text back. */
    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    static int estimateTokens(String text) {
        return text.isEmpty() ? 0 : Math.max(1, (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }

    private static int promptTokens(ChatRequest request) {
        return ChatPrompt.messages(request).stream()
                .mapToInt(m -> m.content() == null ? 0 : estimateTokens(m.content()))
                .sum();
    }
}
