using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace AppFlowLocal.Model;

/// <summary>
/// The validation clauses found in one input, collected as they are found. A clause found twice counts
/// once (a nested required member is reachable from more than one level). Only the first
/// <see cref="ReportedLimit"/> are kept for the message and the rest are counted, so a message stays
/// small however broken the input while its count stays the true total.
/// </summary>
internal sealed class ConstraintViolations
{
    public const int ReportedLimit = 50;

    // Clauses are remembered by a 128-bit digest rather than by their text: a connector's list of
    // structures can yield one clause per item, and a digest costs 16 bytes however long the clause.
    private readonly HashSet<UInt128> seen = [];
    private readonly List<string> reported = [];

    /// <summary>How many distinct clauses were found.</summary>
    public int Total => seen.Count;

    /// <summary>The first distinct clauses, at most <see cref="ReportedLimit"/>, in the order found.</summary>
    public IReadOnlyList<string> Reported => reported;

    public bool IsEmpty => seen.Count == 0;

    public void Add(string clause)
    {
        if (seen.Add(Digest(clause)) && reported.Count < ReportedLimit)
        {
            reported.Add(clause);
        }
    }

    /// <summary>
    /// Adds a clause before the first reported clause that <paramref name="comesBefore"/> says it precedes (AWS lists
    /// clauses in member order, and a handler's own checks run after the validator's); at the end when none.
    /// </summary>
    public void Insert(string clause, Func<string, bool> comesBefore)
    {
        if (!seen.Add(Digest(clause)))
        {
            return;
        }

        var at = reported.FindIndex(c => comesBefore(c));
        if (at < 0)
        {
            if (reported.Count < ReportedLimit)
            {
                reported.Add(clause);
            }

            return;
        }

        reported.Insert(at, clause);
        if (reported.Count > ReportedLimit)
        {
            reported.RemoveAt(reported.Count - 1);
        }
    }

    /// <summary>The reported clauses in AWS's form, joined by "; ", and "and N more" for the clauses not reported.</summary>
    public override string ToString()
    {
        var clauses = string.Join("; ", reported);
        return Total > reported.Count ? $"{clauses}; and {Total - reported.Count} more" : clauses;
    }

    private static UInt128 Digest(string clause)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(clause.AsSpan()), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
