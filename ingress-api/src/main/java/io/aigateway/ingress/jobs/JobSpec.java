package io.aigateway.ingress.jobs;

import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import java.util.List;

/** A submission that passed every check: what goes into the job's envelope. */
public record JobSpec(List<Step> route, JobInput input, JobOptions options) {

    public JobSpec {
        route = List.copyOf(route);
        options = options == null ? JobOptions.defaults() : options;
    }

    /** The route as metrics and logs name it, for example {@code rag>llm}. */
    public String routeName() {
        return String.join(">", route.stream().map(Step::id).toList());
    }
}
