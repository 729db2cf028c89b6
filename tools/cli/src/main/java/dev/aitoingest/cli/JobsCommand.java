package dev.aitoingest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "jobs", description = {"Lists the recent jobs (optimize, delete), newest first; `jobs watch` follows one.",
        "File jobs are not listed by the API: upload prints their id, and `jobs watch --table TABLE ID` follows one."},
        subcommands = JobsCommand.Watch.class)
final class JobsCommand implements Callable<Integer> {

    private static final long POLL_MS = 500;

    @ParentCommand
    AitoIngest root;

    @Override
    public Integer call() {
        Console console = root.console();
        JsonNode jobs = root.client().get("/api/v1/jobs").path("jobs");
        for (JsonNode job : jobs) {
            console.out().println(describe(job));
        }
        console.err().println(jobs.size() + (jobs.size() == 1 ? " job" : " jobs"));
        return ExitCode.OK;
    }

    static String describe(JsonNode job) {
        String state = job.has("finishedAt")
                ? (job.hasNonNull("error") ? "failed " + job.path("finishedAt").asText() + ": " + job.path("error").asText()
                : "finished " + job.path("finishedAt").asText())
                : "running";
        return job.path("id").asText() + "  " + job.path("path").asText() + "  started " + job.path("startedAt").asText() + "  " + state;
    }

    @Command(name = "watch", description = {"Follows a job until it ends.",
            "With --table, a file job: a bar over the bytes processed, then its counts and failing rows; the exit code "
                    + "as for upload. Without, an optimize or delete job, then its result."})
    static final class Watch implements Callable<Integer> {

        @ParentCommand
        JobsCommand parent;

        @Option(names = {"-t", "--table"}, paramLabel = "TABLE", description = "The table of a file job")
        String table;

        @Option(names = "--max-errors", paramLabel = "N", defaultValue = "0", description = "Failing rows tolerated (default: ${DEFAULT-VALUE})")
        long maxErrors;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            Console console = parent.root.console();
            ApiClient api = parent.root.client();
            if (table != null) {
                JsonNode status = api.get(FileJobWatcher.statusPath(table, id)).path("status");
                if ("created".equals(status.path("phase").asText())) {
                    throw new CliException("File job " + id + " has no file yet: nothing to watch until its file is uploaded and triggered");
                }
                return new FileJobWatcher(api, console).watch(table, id, "process " + id).report("file job " + id, maxErrors, console.out());
            }
            String path = "/api/v1/jobs/" + ApiClient.encode(id);
            JsonNode job = api.get(path);
            while (!job.has("finishedAt")) {
                Thread.sleep(POLL_MS);
                job = api.get(path);
            }
            console.out().println(describe(job));
            if (job.hasNonNull("error")) {
                return ExitCode.FAILED;
            }
            console.out().println(ApiClient.JSON.writeValueAsString(api.get(path + "/result")));
            return ExitCode.OK;
        }
    }
}
