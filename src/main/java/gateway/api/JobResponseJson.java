package gateway.api;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import gateway.callback.JobJson;
import gateway.job.Job;

/** A delivery's body: the {@link JobResponse} a read of the job answers, by the mapper Quarkus REST writes it with. */
@ApplicationScoped
public class JobResponseJson implements JobJson {

    private final ObjectMapper mapper;

    JobResponseJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String of(Job job) {
        try {
            return mapper.writeValueAsString(JobResponse.of(job));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job always serialises", e);
        }
    }
}
