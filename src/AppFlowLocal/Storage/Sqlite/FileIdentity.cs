using System.Runtime.InteropServices;
using System.Text;

namespace AppFlowLocal.Storage.Sqlite;

/// <summary>
/// Which file a path names at the moment: its device and inode, from stat(2), which .NET does not expose.
/// Two looks that differ mean the path was given another file (a deletion, a rename into its place), which
/// no content comparison can tell from a byte-for-byte copy. Only stat on the path, never an open and close
/// of the file: closing any descriptor of a file drops every POSIX lock this process holds on it, SQLite's
/// included (https://sqlite.org/howtocorrupt.html, "Posix advisory locks canceled by a separate thread doing close()").
/// </summary>
/// <remarks>
/// libc's stat is found in the process's own symbols (the executable and the libraries it was linked
/// against, libc among them), the same way under the JIT and Native AOT, and called through a function
/// pointer. Only the two leading fields are read, whose places are fixed on the 64-bit platforms listed in
/// <see cref="Resolve"/>; elsewhere (Windows, where an open database cannot be deleted, or an unknown
/// layout) <see cref="Supported"/> is false.
/// </remarks>
internal readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    // Larger than struct stat on every platform resolved (144 bytes at most).
    private const int StatSize = 256;

    private static readonly StatFunction Stat = Resolve();

    public static bool Supported => Stat.Address != 0;

    /// <summary>The file <paramref name="path"/> names now, or null when it names none (or it cannot be told).</summary>
    public static unsafe FileIdentity? Of(string path)
    {
        if (!Supported)
        {
            return null;
        }

        var name = Encoding.UTF8.GetBytes(path + "\0");
        var status = stackalloc byte[StatSize];
        int result;
        fixed (byte* pathBytes = name)
        {
            result = Stat.Version is { } version
                ? ((delegate* unmanaged<int, byte*, byte*, int>)Stat.Address)(version, pathBytes, status)
                : ((delegate* unmanaged<byte*, byte*, int>)Stat.Address)(pathBytes, status);
        }

        if (result != 0)
        {
            return null;
        }

        // Linux (x64, arm64; glibc and musl): dev_t is 8 bytes at 0. macOS: dev_t is 4 bytes at 0. The inode is 8 bytes at 8 on all.
        var device = OperatingSystem.IsMacOS() ? *(uint*)status : *(ulong*)status;
        return new FileIdentity(device, *(ulong*)(status + 8));
    }

    private static StatFunction Resolve()
    {
        if (!Environment.Is64BitProcess)
        {
            return default;
        }

        var arm = RuntimeInformation.ProcessArchitecture == Architecture.Arm64;
        var x64 = RuntimeInformation.ProcessArchitecture == Architecture.X64;
        var process = NativeLibrary.GetMainProgramHandle();
        if (OperatingSystem.IsLinux() && (arm || x64))
        {
            // glibc before 2.33 exports stat only as __xstat, which takes the layout's version first (1 on x64, 0 on arm64).
            return NativeLibrary.TryGetExport(process, "stat", out var stat) ? new StatFunction(stat, null)
                : NativeLibrary.TryGetExport(process, "__xstat", out var xstat) ? new StatFunction(xstat, x64 ? 1 : 0)
                : default;
        }

        if (OperatingSystem.IsMacOS() && (arm || x64))
        {
            // On x64, plain stat is the old layout with 32-bit inodes.
            return NativeLibrary.TryGetExport(process, x64 ? "stat$INODE64" : "stat", out var stat) ? new StatFunction(stat, null) : default;
        }

        return default;
    }

    private readonly record struct StatFunction(nint Address, int? Version);
}
