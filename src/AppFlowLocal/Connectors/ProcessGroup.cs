using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AppFlowLocal.Connectors;

/// <summary>
/// The processes of one <c>cmd:</c> invocation. On Linux the function is started through
/// <c>setsid</c> (util-linux, on every Debian-like system), so it leads a session and process group of
/// its own, and everything it starts (a background child, a nohup'd helper) is in that group: one
/// <c>kill(-pgid, SIGKILL)</c> stops them all, also after the function's own process has exited and
/// its children were handed to init, which the parent links <see cref="Process.Kill(bool)"/> follows
/// no longer reach. Elsewhere (or without setsid) the process tree is stopped as before. A daemon
/// that makes a session of its own (setsid, a double fork) leaves the group and is out of reach.
/// </summary>
internal static partial class ProcessGroup
{
    private const int SigKill = 9;

    // Linux's FIONREAD: how many bytes a pipe holds.
    private const nuint FionRead = 0x541B;

    /// <summary>setsid's path, or null where functions cannot get a group of their own.</summary>
    public static string? Launcher { get; } = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
        : null;

    /// <summary>A start of <c>/bin/sh -c command</c> as the leader of a new process group where that is possible.</summary>
    public static ProcessStartInfo Start(string command)
    {
        var start = new ProcessStartInfo(Launcher ?? "/bin/sh");
        if (Launcher is not null)
        {
            // A child of this server is never a group leader, so setsid makes the session in place
            // (no fork): the process started is the function's own, and its id is the group's.
            start.ArgumentList.Add("/bin/sh");
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        return start;
    }

    /// <summary>Kills every process left in the function's group, its own first if it still runs.</summary>
    public static void KillAll(Process process)
    {
        if (Launcher is not null)
        {
            // ESRCH (nothing left in the group) is the usual answer, and a fine one.
            _ = Kill(-process.Id, SigKill);
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    /// <summary>
    /// How many bytes <paramref name="stream"/> (a pipe from the function) holds unread; null where that
    /// cannot be known, and then only the end of the pipe says that everything was read.
    /// </summary>
    public static int? Buffered(Stream stream)
    {
        if (Launcher is null || stream is not System.IO.Pipes.PipeStream pipe)
        {
            return null;
        }

        var handle = pipe.SafePipeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return IoctlInt(handle.DangerousGetHandle().ToInt32(), FionRead, out var count) == 0 ? count : null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int IoctlInt(int fd, nuint request, out int value);
}
