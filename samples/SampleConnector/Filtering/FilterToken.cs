namespace SampleConnector.Filtering;

internal enum FilterTokenKind
{
    End,
    LeftParen,
    RightParen,
    Comma,
    And,
    Or,
    Not,
    True,
    False,
    Null,
    In,
    Limit,
    Between,
    Contains,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Equal,
    NotEqual,
    Identifier,
    String,
    Number,
    Date,
    DateTime,
}

/// <summary>One token of a filter expression; <see cref="Position"/> is 1-based, for messages.</summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position);
