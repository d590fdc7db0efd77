using System;
using System.Management.Automation;

namespace Losant.AccessTokens.Errors
{
    /// <summary>
    /// Carries a finished ErrorRecord to where it is written: an input refused before any request,
    /// which keeps its place among the results in flight, or a connection that cannot be used.
    /// </summary>
    internal sealed class ErrorRecordException : Exception
    {
        public ErrorRecordException(ErrorRecord record)
            : base(record.Exception?.Message) => Record = record;

        public ErrorRecord Record { get; }
    }
}
