using System.Globalization;
using AppFlowLocal.Tests.Infrastructure;

namespace AppFlowLocal.Tests.Integration;

/// <summary>
/// A server with <c>cmd:</c> functions (Python scripts in the fixture's folder) that fail with a
/// secret-looking argument on their command line, leave processes behind, or wait for the test, with
/// at most two processes of a function at once.
/// </summary>
public sealed class CommandProcessFixture : ServerFixture
{
    /// <summary>Names this run's processes, so a process left by another run cannot be mistaken for this one's.</summary>
    internal string Marker { get; } = $"appflow-local-command-{Guid.NewGuid():N}";

    internal string Script(string name) => Path.Combine(Directory, name + ".py");

    internal string Held => Path.Combine(Directory, "held");

    /// <summary>The argument each failing function is given, by function: what looks like a token on a command line.</summary>
    internal static string Secret(string function) => $"tok-{function}-5f1c9a";

    protected override IEnumerable<string> Settings =>
    [
        // Long enough that no call below ends by its deadline on a busy machine: what ends them is the event under test.
        "--Lambda:Timeout=00:00:30",
        "--Lambda:CommandConcurrency=2",
        $"--Lambda:Functions:exits=cmd:false --api-token={Secret("exits")}",
        $"--Lambda:Functions:missing=cmd:/nonexistent/connector --api-token={Secret("missing")}",
        $"--Lambda:Functions:garbage=cmd:echo this is not json # --api-token={Secret("garbage")}",
        $"--Lambda:Functions:background=cmd:python3 {Script("spawn")} {Directory} background",
        $"--Lambda:Functions:nohup=cmd:python3 {Script("spawn")} {Directory} nohup",
        $"--Lambda:Functions:own-session=cmd:python3 {Script("spawn")} {Directory} own-session",
        $"--Lambda:Functions:held=cmd:python3 {Script("held")} {Held}",
    ];

    internal override async Task BeforeServerStartsAsync()
    {
        System.IO.Directory.CreateDirectory(Held);
        const string Answer = """
            answer = {"isSuccess": True, "connectorOwner": "tests", "connectorName": "Spawner", "connectorVersion": "1",
                      "connectorModes": ["SOURCE"], "supportedApiVersions": ["v1"]}
            """;

        // Starts a child that sleeps with the run's marker on its command line, writes its pid to <how>.pid, then answers:
        // background: the child keeps the function's stdout; nohup: it lets go of it; own-session: a daemon in a session of its own that keeps stdout.
        await File.WriteAllTextAsync(Script("spawn"), $$"""
            import json, os, subprocess, sys
            folder, how = sys.argv[1], sys.argv[2]
            json.load(sys.stdin)
            sleeper = [sys.executable, "-c", "import time; time.sleep(1000)", "{{Marker}}-" + how]
            if how == "background":
                child = subprocess.Popen(sleeper)
            elif how == "nohup":
                child = subprocess.Popen(["nohup"] + sleeper, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            else:
                child = subprocess.Popen(sleeper, start_new_session=True)
            with open(os.path.join(folder, how + ".pid"), "w") as f:
                f.write(str(child.pid))
            {{Answer}}
            print(json.dumps(answer), flush=True)
            """);

        // Notes itself as running (and how many ran with it), then waits for the file "release".
        await File.WriteAllTextAsync(Script("held"), $$"""
            import json, os, sys, time
            folder = sys.argv[1]
            json.load(sys.stdin)
            me = os.path.join(folder, "running-" + str(os.getpid()))
            open(me, "w").close()
            together = len([n for n in os.listdir(folder) if n.startswith("running-")])
            with open(os.path.join(folder, "seen-" + str(os.getpid())), "w") as f:
                f.write(str(together))
            while not os.path.exists(os.path.join(folder, "release")):
                time.sleep(0.01)
            os.remove(me)
            {{Answer}}
            print(json.dumps(answer), flush=True)
            """);
    }
}

/// <summary>
/// What a <c>cmd:</c> function's failure shows its caller, and that no process of a call outlives it:
/// each runs in a process group of its own, answered when its main process exits, the group killed then.
/// </summary>
public sealed class CommandProcessTests(CommandProcessFixture fixture) : IClassFixture<CommandProcessFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static string Arn(string name) => $"arn:aws:lambda:us-east-1:123456789012:function:{name}";

    [Theory]
    [InlineData("exits", "exit code 1", true)]
    [InlineData("missing", "exit code 127", true)]
    [InlineData("garbage", "not", false)]
    public async Task A_failing_command_names_the_function_to_the_caller_and_its_command_line_only_in_the_server_log(string function, string failure, bool processFailed)
    {
        var answer = (await fixture.NewCaller().RegisterAsync("fails", Arn(function))).AssertError("ConnectorServerException", 400);

        Assert.Contains(Arn(function), answer.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(failure, answer.ErrorMessage, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(CommandProcessFixture.Secret(function), answer.ErrorMessage, StringComparison.Ordinal);

        // The operator still sees which command failed (an answer that the mapping refuses is the connector's,
        // not its process's): the log line is written after the answer, so wait for it.
        if (!processFailed)
        {
            return;
        }

        var logged = $"--api-token={CommandProcessFixture.Secret(function)}) failed";
        await Until(() => fixture.Server.Output.Contains(logged, StringComparison.Ordinal), $"the server log to show '{logged}'");
    }

    [Fact]
    public async Task A_background_child_holding_stdout_does_not_hold_the_answer_and_is_killed_with_the_call()
    {
        (await fixture.NewCaller().RegisterAsync("background", Arn("background"))).AssertOk();
        await UntilGone("background");
    }

    [Fact]
    public async Task A_nohup_child_that_let_go_of_stdout_is_killed_with_the_call()
    {
        (await fixture.NewCaller().RegisterAsync("nohup", Arn("nohup"))).AssertOk();
        await UntilGone("nohup");
    }

    [Fact]
    public async Task A_daemon_in_a_session_of_its_own_escapes_the_group_but_its_stdout_does_not_hold_the_answer()
    {
        (await fixture.NewCaller().RegisterAsync("own-session", Arn("own-session"))).AssertOk();

        // Out of the group's reach, as the README says: the test stops it itself.
        var pid = await ChildAsync("own-session");
        Assert.True(Runs(pid, "own-session"), "the daemon in its own session was expected to survive the call");
        System.Diagnostics.Process.GetProcessById(pid).Kill();
    }

    [Fact]
    public async Task At_most_Lambda_CommandConcurrency_processes_of_a_function_run_at_once_and_the_others_wait_for_them()
    {
        var caller = fixture.NewCaller();
        var calls = Enumerable.Range(0, 4).Select(n => caller.RegisterAsync($"held-{n}", Arn("held"))).ToList();

        // Two run; the other two wait for them, and say so in the log (the event that they reached the bound).
        await Until(() => Running() > 2 || (Running() == 2 && Waiting() >= 2), "two held processes and two calls waiting");
        Assert.Equal(2, Running());

        await File.WriteAllTextAsync(Path.Combine(fixture.Held, "release"), "");
        foreach (var call in calls)
        {
            (await call).AssertOk();
        }

        var seen = System.IO.Directory.GetFiles(fixture.Held, "seen-*").Select(file => int.Parse(File.ReadAllText(file), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(4, seen.Count);
        Assert.All(seen, together => Assert.InRange(together, 1, 2));

        int Running() => System.IO.Directory.GetFiles(fixture.Held, "running-*").Length;
        int Waiting() => fixture.Server.Output.Split('\n').Count(line => line.Contains(":function:held waits for one of its 2 running processes", StringComparison.Ordinal));
    }

    /// <summary>The pid the function wrote for its child; the file is written before the function answers.</summary>
    private async Task<int> ChildAsync(string how)
    {
        var file = Path.Combine(fixture.Directory, how + ".pid");
        return int.Parse(await File.ReadAllTextAsync(file), CultureInfo.InvariantCulture);
    }

    private async Task UntilGone(string how)
    {
        var pid = await ChildAsync(how);
        await Until(() => !Runs(pid, how), $"the {how} child (pid {pid}) to be gone");
    }

    /// <summary>Whether pid is still this run's child (not a zombie, not a process that reused the pid).</summary>
    private bool Runs(int pid, string how)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains($"{fixture.Marker}-{how}", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Waits for a condition the server brings about soon after the event awaited before; fails after a generous deadline.</summary>
    private static async Task Until(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!condition())
        {
            Assert.False(deadline.IsCancellationRequested, $"Gave up waiting for {what}.");
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
