using System;
using System.Management.Automation;

namespace Losant.AccessTokens.Infrastructure
{
    /// <summary>Carries the ErrorRecord of an input refused before any request through the queue of results, so it keeps its place.</summary>
    internal sealed class RejectedInputException : Exception
    {
        public RejectedInputException(ErrorRecord record)
            : base(record.Exception?.Message) => Record = record;

        public ErrorRecord Record { get; }
    }
}
