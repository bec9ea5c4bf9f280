namespace AppFlowLocal.Tests.Infrastructure;

internal static class RepositoryPaths
{
    /// <summary>The checkout's root: the folder holding AppFlowLocal.slnx above the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever this test assembly was built as (the server is built the same way).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string ServerAssembly => Path.Combine(Root, "src", "AppFlowLocal", "bin", Configuration, "net10.0", "AppFlowLocal.dll");

    public static string Interop => Path.Combine(Root, "tests", "interop");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AppFlowLocal.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The tests must run from inside the AppFlow Local checkout.");
    }
}
