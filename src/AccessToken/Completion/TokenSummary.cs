using System;
using System.Collections.Generic;
using System.Globalization;

namespace Losant.AccessTokens.Completion
{
    /// <summary>What completion shows of a token: plain strings and dates, no engine types and never the secret.</summary>
    internal sealed class TokenSummary
    {
        public TokenSummary(string id, string? name, string? status, DateTime? expirationDate)
        {
            Id = id;
            Name = name;
            Status = status;
            ExpirationDate = expirationDate;
        }

        public string Id { get; }

        public string? Name { get; }

        public string? Status { get; }

        public DateTime? ExpirationDate { get; }

        public string Describe()
        {
            var expiry = ExpirationDate is DateTime date
                ? (date <= DateTime.UtcNow ? "EXPIRED " : "expires ") + date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC"
                : "never expires";
            var parts = new List<string>(3);
            if (Status != null) parts.Add(Status);
            parts.Add(expiry);
            return (Name ?? Id) + Environment.NewLine + Id + ", " + string.Join(", ", parts);
        }
    }
}
