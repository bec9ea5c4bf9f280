using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AppFlowLocal.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// The property test of issue 11 ("Tests that prove it"): at least 10,000 mutated requests
/// (<see cref="RequestMutator"/>) go to the real server, one at a time, and every answer must be
/// below 500 and AWS-shaped, every refusal (and every read) must leave the stored state as it was,
/// every request the mutations made invalid must be refused, and the server must not keep
/// gigabytes of memory after any of them. Set APPFLOW_FUZZ_SEED to replay a run; a failure names
/// its seed, the request's number, what was sent and what came back.
/// </summary>
public abstract class MutatedRequestTests(ServerFixture fixture, ITestOutputHelper output)
{
    private const int DefaultRequestCount = 10_000;

    /// <summary>
    /// No request may leave the server holding more than this. A body is at most 256 KB and every
    /// check is meant to be linear in it (issue 11, item 5); a healthy server stays near 100 MB.
    /// </summary>
    private const long MaxServerResidentBytes = 1L << 30;

    /// <summary>Four times the largest request body: no answer to a request needs more (clause text is bounded).</summary>
    private const int MaxResponseBytes = 1 << 20;

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>SPEC.md, "Wire protocol": each error code's status.</summary>
    private static readonly Dictionary<string, int> StatusOfCode = new(StringComparer.Ordinal)
    {
        ["ValidationException"] = 400, ["SerializationException"] = 400, ["ConnectorServerException"] = 400,
        ["ConnectorAuthenticationException"] = 401, ["ServiceQuotaExceededException"] = 402, ["AccessDeniedException"] = 403,
        ["IncompleteSignatureException"] = 403, ["ResourceNotFoundException"] = 404, ["UnknownOperationException"] = 404,
        ["ConflictException"] = 409, ["ThrottlingException"] = 429, ["InternalServerException"] = 500,
    };

    [Fact]
    public async Task Mutated_requests_get_AWS_shaped_answers_below_500_and_refusals_leave_the_stored_state_unchanged()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("APPFLOW_FUZZ_SEED"), CultureInfo.InvariantCulture, out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        var count = int.TryParse(Environment.GetEnvironmentVariable("APPFLOW_FUZZ_REQUESTS"), CultureInfo.InvariantCulture, out var fixedCount)
            ? fixedCount
            : DefaultRequestCount;
        output.WriteLine($"APPFLOW_FUZZ_SEED={seed}, {count} requests");

        var mutator = new RequestMutator(seed, name => fixture.StandIn.Arn(name));
        var failures = new FailureLog(seed);
        var tally = new Tally();
        using var digest = fixture.Digest();
        using var client = new HttpClient { BaseAddress = fixture.Server.BaseAddress, Timeout = RequestTimeout };
        var server = ServerProcess.Find(fixture.UsesPostgres ? fixture.PostgresConnectionString : fixture.DatabasePath);
        var memoryAlarm = false;
        var baseline = digest.Compute();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < count; i++)
        {
            var request = mutator.Next();
            var answer = await SendAsync(client, request);
            tally.Count(request, answer);
            if (answer.Failure is { } transport)
            {
                failures.Add(request, answer, "no-answer", transport);
                if (fixture.Server.HasExited)
                {
                    failures.Add(request, answer, "server-exited", $"the server exited with code {fixture.Server.ExitCode}:\n{Tail(fixture.Server.Output, 3_000)}");
                    break;
                }

                baseline = digest.Compute();
                continue;
            }

            foreach (var (property, problem) in Check(request, answer))
            {
                failures.Add(request, answer, property, problem);
            }

            if (answer.Status == HttpStatusCode.OK && answer.PagingToken is { } nextToken && request.PagingScope is { } scope)
            {
                mutator.Remember(scope, nextToken);
            }

            var now = digest.Compute();
            tally.Rows = Math.Max(tally.Rows, digest.LastRowCount);
            if (request.MayWrite && answer.Status == HttpStatusCode.OK)
            {
                tally.Writes++;
            }
            else
            {
                tally.Unchanging++;
                if (now != baseline)
                {
                    failures.Add(request, answer, "state-changed",
                        answer.Status == HttpStatusCode.OK ? "a read changed the stored state" : "a refusal changed the stored state");
                }
            }

            baseline = now;

            if (server?.ResidentBytes() is { } resident)
            {
                tally.MaxResident = Math.Max(tally.MaxResident, resident);
                if (resident > MaxServerResidentBytes && !memoryAlarm)
                {
                    failures.Add(request, answer, "memory", $"after this request the server holds {resident >> 20} MB (limit {MaxServerResidentBytes >> 20} MB)");
                }

                memoryAlarm = resident > MaxServerResidentBytes;
            }
        }

        clock.Stop();
        output.WriteLine(tally.Summary(clock.Elapsed, server is not null));
        if (!failures.IsEmpty)
        {
            var report = failures.Report();
            output.WriteLine(report);
            Assert.Fail(report);
        }

        // A run that never wrote or never refused would prove nothing.
        Assert.True(tally.Requests >= count, $"Only {tally.Requests} of {count} requests were sent.");
        if (count >= 1_000)
        {
            Assert.True(tally.Registered > 0 && tally.Unregistered > 0 && tally.Unchanging > count / 2 && tally.MustRefuse > count / 10,
                tally.Summary(clock.Elapsed, server is not null));
        }
    }

    private static async Task<Answer> SendAsync(HttpClient client, MutatedRequest request)
    {
        using var message = new HttpRequestMessage(request.Method, request.Path) { Content = new ByteArrayContent(request.Body) };
        if (request.ContentType is { } contentType)
        {
            message.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        if (request.Authorization is { } authorization)
        {
            message.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            return new Answer(
                response.StatusCode,
                Header(response.Headers, "x-amzn-RequestId"),
                Header(response.Headers, "x-amzn-ErrorType"),
                response.Content.Headers.ContentType?.MediaType,
                body,
                Stopwatch.GetElapsedTime(started),
                null);
        }
        catch (HttpRequestException e)
        {
            return Answer.None(Stopwatch.GetElapsedTime(started), $"no HTTP answer: {e.Message}");
        }
        catch (TaskCanceledException)
        {
            return Answer.None(Stopwatch.GetElapsedTime(started), $"no answer within {RequestTimeout.TotalSeconds} s");
        }
    }

    private static string? Header(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    /// <summary>The properties every single answer must have.</summary>
    private static IEnumerable<(string Property, string Problem)> Check(MutatedRequest request, Answer answer)
    {
        var status = (int)answer.Status;
        if (status >= 500)
        {
            yield return ("status>=500", $"status {status}");
        }

        if (string.IsNullOrEmpty(answer.RequestId))
        {
            yield return ("no-request-id", "no x-amzn-RequestId header");
        }

        if (answer.Body.Length > MaxResponseBytes)
        {
            yield return ("huge-response", $"a response body of {answer.Body.Length} bytes to a request of {request.Body.Length}");
        }

        var json = ParseObject(answer.Body);
        if (status == 200)
        {
            if (json is null)
            {
                yield return ("not-aws-shaped", "200 without a JSON object body");
            }

            if (answer.ContentType != "application/json")
            {
                yield return ("not-aws-shaped", $"200 with Content-Type {answer.ContentType ?? "(none)"}");
            }

            if (request.MustBeRefusedBecause is { } reason)
            {
                yield return ("accepted-invalid", $"accepted, although {reason}");
            }
        }
        else
        {
            if (status is < 400 or >= 600)
            {
                yield return ("not-aws-shaped", $"status {status} is neither 200 nor an error");
            }

            if (string.IsNullOrEmpty(answer.ErrorType))
            {
                yield return ("not-aws-shaped", "an error without an x-amzn-ErrorType header");
            }
            else if (StatusOfCode.TryGetValue(answer.ErrorType.Split(':')[0], out var expected) && expected != status)
            {
                yield return ("not-aws-shaped", $"{answer.ErrorType} with status {status}; SPEC.md gives it {expected}");
            }

            if (json is not { } error || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
            {
                yield return ("not-aws-shaped", "an error body that is not a JSON object with a string message");
            }

            if (request.MustSucceed)
            {
                yield return ("refused-valid", "an unmutated, valid request was refused");
            }
        }
    }

    private static JsonElement? ParseObject(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : "..." + text[^length..];

    /// <summary>Bytes as readable text: printable UTF-8 as is, anything else as \xNN, cut at <paramref name="max"/> characters.</summary>
    private static string Render(byte[] bytes, int max)
    {
        var text = new StringBuilder();
        var rest = bytes.AsSpan();
        while (!rest.IsEmpty && text.Length < max)
        {
            var decoded = Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (decoded == OperationStatus.Done && rune.Value >= ' ' && rune.Value != 0x7F)
            {
                text.Append(rune.ToString());
            }
            else
            {
                foreach (var b in rest[..consumed])
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
                }
            }

            rest = rest[consumed..];
        }

        return rest.IsEmpty ? text.ToString() : $"{text}... ({bytes.Length} bytes in all)";
    }

    private sealed record Answer(
        HttpStatusCode Status, string? RequestId, string? ErrorType, string? ContentType, byte[] Body, TimeSpan Elapsed, string? Failure)
    {
        public static Answer None(TimeSpan elapsed, string failure) => new(0, null, null, null, [], elapsed, failure);

        public string? PagingToken
        {
            get
            {
                var json = ParseObject(Body);
                return json is { } root && root.TryGetProperty("nextToken", out var token) && token.ValueKind == JsonValueKind.String
                    ? token.GetString()
                    : null;
            }
        }

        public string Describe() => Failure ?? $"{(int)Status} {ErrorType ?? "(no x-amzn-ErrorType)"} in {Elapsed.TotalMilliseconds:0} ms, " +
            $"x-amzn-RequestId: {RequestId ?? "(none)"}, body ({Body.Length} bytes): {Render(Body, 500)}";
    }

    /// <summary>
    /// Failures grouped into classes (property, route, status and error). Each class shows its
    /// simplest instance in full (the one with the fewest mutations, a poor man's shrinking) and the
    /// mutation kinds every instance shares, which name the cause.
    /// </summary>
    private sealed class FailureLog(int seed)
    {
        // The worst first: a crash or a 500 matters more than a missing header.
        private static readonly string[] Severity =
            ["server-exited", "no-answer", "status>=500", "memory", "state-changed", "accepted-invalid", "refused-valid", "not-aws-shaped", "no-request-id", "huge-response"];

        private readonly Dictionary<string, FailureClass> classes = new(StringComparer.Ordinal);

        public bool IsEmpty => classes.Count == 0;

        public void Add(MutatedRequest request, Answer answer, string property, string problem)
        {
            // Spellings of one route (case, trailing slash, query) reach one operation: one class.
            var route = request.Path.Split('?')[0].TrimEnd('/').ToLowerInvariant();
            var key = $"{property} | {request.Method} {(route.Length == 0 ? "/" : route)} | {(answer.Failure is null ? $"{(int)answer.Status} {answer.ErrorType}" : "no answer")}";
            if (!classes.TryGetValue(key, out var failure))
            {
                classes[key] = failure = new FailureClass(property);
            }

            failure.Count++;
            var kinds = request.Mutations.Select(m => m.Kind).ToHashSet(StringComparer.Ordinal);
            failure.Common ??= kinds;
            failure.Common.IntersectWith(kinds);
            if (failure.Simplest is null || request.Mutations.Count < failure.SimplestMutations)
            {
                failure.SimplestMutations = request.Mutations.Count;
                failure.Simplest = new StringBuilder()
                    .AppendLine(CultureInfo.InvariantCulture, $"  simplest: request #{request.Number} (APPFLOW_FUZZ_SEED={seed}): {request.Method} {request.Path}")
                    .AppendLine(CultureInfo.InvariantCulture, $"    problem: {problem}")
                    .AppendLine(CultureInfo.InvariantCulture, $"    mutations: {(request.Mutations.Count == 0 ? "none" : string.Join("; ", request.Mutations))}")
                    .AppendLine(CultureInfo.InvariantCulture, $"    must be refused: {request.MustBeRefusedBecause ?? "(not decided by the mutations)"}")
                    .AppendLine(CultureInfo.InvariantCulture, $"    Authorization: {request.Authorization ?? "(none)"}")
                    .AppendLine(CultureInfo.InvariantCulture, $"    Content-Type: {request.ContentType ?? "(none)"}")
                    .AppendLine(CultureInfo.InvariantCulture, $"    body ({request.Body.Length} bytes): {Render(request.Body, 400)}")
                    .AppendLine(CultureInfo.InvariantCulture, $"    answer: {answer.Describe()}")
                    .ToString();
            }
        }

        public string Report()
        {
            var ordered = classes
                .OrderBy(c => Array.IndexOf(Severity, c.Value.Property))
                .ThenByDescending(c => c.Value.Count)
                .ThenBy(c => c.Key, StringComparer.Ordinal)
                .ToList();
            var report = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture, $"{classes.Values.Sum(c => c.Count)} failures in {classes.Count} classes; replay with APPFLOW_FUZZ_SEED={seed}.");
            foreach (var (key, failure) in ordered)
            {
                var common = failure.Common is { Count: > 0 } shared ? string.Join("+", shared.Order(StringComparer.Ordinal)) : "nothing";
                report.AppendLine(CultureInfo.InvariantCulture, $"[{failure.Count}x] {key} | every one has: {common}").Append(failure.Simplest);
            }

            return report.ToString();
        }

        private sealed class FailureClass(string property)
        {
            public string Property { get; } = property;

            public int Count { get; set; }

            public HashSet<string>? Common { get; set; }

            public string? Simplest { get; set; }

            public int SimplestMutations { get; set; }
        }
    }

    /// <summary>What the run did, so a pass shows it exercised writes, refusals and replays.</summary>
    private sealed class Tally
    {
        private readonly Dictionary<string, int> outcomes = new(StringComparer.Ordinal);
        private readonly List<(TimeSpan Elapsed, string What)> slowest = [];

        public int Requests { get; private set; }

        public int Registered { get; private set; }

        public int Unregistered { get; private set; }

        public int MustRefuse { get; private set; }

        public int Writes { get; set; }

        public int Unchanging { get; set; }

        public int Rows { get; set; }

        public long MaxResident { get; set; }

        public void Count(MutatedRequest request, Answer answer)
        {
            Requests++;
            var outcome = $"{request.Path} {(answer.Failure is null ? $"{(int)answer.Status} {answer.ErrorType}" : "no answer")}";
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            MustRefuse += request.MustBeRefusedBecause is null ? 0 : 1;
            if (answer.Status == HttpStatusCode.OK && request.Method == HttpMethod.Post)
            {
                Registered += request.Path == RequestMutator.Register ? 1 : 0;
                Unregistered += request.Path == RequestMutator.Unregister ? 1 : 0;
            }

            slowest.Add((answer.Elapsed, $"#{request.Number} {request.Path} [{request.Kinds}] {(int)answer.Status}"));
            if (slowest.Count > 5)
            {
                slowest.Remove(slowest.MinBy(s => s.Elapsed));
            }
        }

        public string Summary(TimeSpan elapsed, bool memoryWatched)
        {
            var memory = memoryWatched ? $"server resident memory at most {MaxResident >> 20} MB." : "server memory not watched (no /proc).";
            var text = new StringBuilder()
                .AppendLine(CultureInfo.InvariantCulture,
                    $"{Requests} requests in {elapsed.TotalSeconds:0.0} s: {Writes} successful writes ({Registered} registrations, {Unregistered} unregistrations), {Unchanging} answers checked to leave the state unchanged, {MustRefuse} that had to be refused; at most {Rows} stored rows; {memory}")
                .AppendLine("Slowest: " + string.Join("; ", slowest.OrderByDescending(s => s.Elapsed).Select(s => $"{s.What} {s.Elapsed.TotalMilliseconds:0} ms")));
            foreach (var (outcome, number) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {number,6} {outcome}");
            }

            return text.ToString();
        }
    }

    /// <summary>The server process, found by the database path on its command line, to watch its memory (Linux /proc).</summary>
    private sealed class ServerProcess(string statusPath)
    {
        public static ServerProcess? Find(string databasePath)
        {
            if (!Directory.Exists("/proc"))
            {
                return null;
            }

            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    if (Path.GetFileName(directory).All(char.IsAsciiDigit)
                        && File.ReadAllText(Path.Combine(directory, "cmdline")).Contains(databasePath, StringComparison.Ordinal))
                    {
                        return new ServerProcess(Path.Combine(directory, "status"));
                    }
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
                catch (UnauthorizedAccessException)
                {
                    // Another user's process: not ours.
                }
            }

            throw new InvalidOperationException($"No process runs the server over {databasePath}.");
        }

        public long? ResidentBytes()
        {
            try
            {
                var line = File.ReadLines(statusPath).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }

    /// <summary>On SQLite.</summary>
    public sealed class OnSqlite(ServerFixture fixture, ITestOutputHelper output) : MutatedRequestTests(fixture, output), IClassFixture<ServerFixture>;

    /// <summary>On PostgreSQL.</summary>
    public sealed class OnPostgres(ServerFixture.OnPostgres fixture, ITestOutputHelper output) : MutatedRequestTests(fixture, output), IClassFixture<ServerFixture.OnPostgres>;
}
