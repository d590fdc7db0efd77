using System;

namespace Losant.AccessTokens
{
    /// <summary>A body that parses as JSON (or not) but is not what the contract describes.</summary>
    internal sealed class InvalidResponseException : Exception
    {
        public InvalidResponseException(string message, Exception? inner = null) : base(message, inner) { }
    }
}
