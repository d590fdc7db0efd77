namespace Losant.AccessTokens.Http
{
    /// <summary>
    /// Receives the trace of requests. Handlers run on thread-pool threads, so the cmdlet queues
    /// these and writes them on the pipeline thread.
    /// </summary>
    public interface IRequestObserver
    {
        /// <summary>One line for the verbose stream: method, URL, status, time, retries.</summary>
        void OnVerbose(string message);

        /// <summary>One line for the debug stream: headers, with secrets redacted.</summary>
        void OnDebug(string message);
    }
}
