# Bulk work under faults and rate limits: a slow input does not hold up the others, a 429 holds
# back only the request it refused while the others go on at the pace the connection has learned,
# processes that share one limit share it, and nothing is lost: every input gives one object or
# one error, in input order.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1') -Force
    $script:State = Enter-TestSuite
    $script:Ids = 1..40 | Get-EmulatorSeedId

    function Get-Arrival([string] $Id) {
        # When the emulator received each request for one token, in order.
        Get-EmulatorRequest $script:Emulator | Where-Object path -Like "*/$Id" | ForEach-Object { [DateTimeOffset]$_.receivedAt }
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Bulk work under faults and rate limits' {
    BeforeEach {
        Reset-Emulator $script:Emulator -SeedCount 40
        Clear-EmulatorRateLimit $script:Emulator | Out-Null
        # A fresh session: what the last test taught a session's rate limit must not carry over.
        Connect-CurrentApi $script:Emulator
    }

    It 'An_input_that_fails_before_it_succeeds_holds_up_no_other_and_keeps_its_place_at_ThrottleLimit_16' {
        # The head fails three times (backoff 0.2, 0.4, 0.8 s) while the 39 behind it succeed at once.
        $head = $script:Ids[0]
        Set-EmulatorFault $script:Emulator @{ path = $head; kind = '500'; count = 3 }

        $output = @($script:Ids | Get-AccessToken -ThrottleLimit 16 -MaxRetries 3 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures.Count | Should -Be 0
        $output.Id | Should -Be $script:Ids
        $requests = @(Get-EmulatorRequest $script:Emulator)
        $lastHead = ($requests | Where-Object path -Like "*/$head" | Select-Object -Last 1).seq
        @($requests | Where-Object path -Like "*/$head").Count | Should -Be 4
        # Every other input was sent while the head waited for its retries: far more than one window of 16.
        @($requests | Where-Object { $_.seq -lt $lastHead -and $_.path -notlike "*/$head" }).Count | Should -Be 39
    }

    It 'A_sporadic_429_holds_back_only_its_own_request_for_its_Retry_After' {
        Set-EmulatorConfig $script:Emulator -LatencyMs 50
        $limited = $script:Ids[4]
        Set-EmulatorFault $script:Emulator @{ path = $limited; kind = '429'; retryAfter = 1; count = 1 }

        $output = @($script:Ids | Get-AccessToken -ThrottleLimit 8 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures.Count | Should -Be 0
        $output.Id | Should -Be $script:Ids
        # The 429 left the emulator 50 ms after the request arrived; while its Retry-After ran, the
        # other requests went on: every one of the other 39 arrived before the refused one came
        # back, most of them after the refusal (a pause for all would have held them past it).
        $answeredAt = (Get-Arrival $limited)[0].AddMilliseconds(50)
        $retriedAt = (Get-Arrival $limited)[1]
        $retriedAt - $answeredAt | Should -BeGreaterOrEqual ([TimeSpan]::FromMilliseconds(950))
        $others = @(Get-EmulatorRequest $script:Emulator | Where-Object path -NotLike "*/$limited" | ForEach-Object { [DateTimeOffset]$_.receivedAt })
        $others.Count | Should -Be 39
        @($others | Where-Object { $_ -ge $retriedAt }).Count | Should -Be 0 -Because 'the others were not held back'
        @($others | Where-Object { $_ -gt $answeredAt }).Count | Should -BeGreaterOrEqual 20 -Because 'the others went on during the Retry-After'
    }

    It 'A_429_without_Retry_After_is_retried_after_a_backoff_and_holds_back_no_other' {
        Set-EmulatorConfig $script:Emulator -LatencyMs 50
        $limited = $script:Ids[4]
        Set-EmulatorFault $script:Emulator @{ path = $limited; kind = '429'; retryAfter = 'none'; count = 1 }

        $output = @($script:Ids | Get-AccessToken -ThrottleLimit 8 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures.Count | Should -Be 0
        $output.Id | Should -Be $script:Ids
        (Invoke-EmulatorControl $script:Emulator /faults/stats)[0].fired | Should -Be 1
        $refusedAt, $retriedAt = Get-Arrival $limited
        # The backoff's first wait: 200 ms, less at most a fifth for jitter.
        $retriedAt - $refusedAt | Should -BeGreaterOrEqual ([TimeSpan]::FromMilliseconds(160))
        $during = @(Get-EmulatorRequest $script:Emulator | Where-Object {
                $at = [DateTimeOffset]$_.receivedAt
                $at -gt $refusedAt.AddMilliseconds(50) -and $at -lt $retriedAt
            })
        $during.Count | Should -BeGreaterThan 0 -Because 'the others were not held back'
    }

    It 'Verbose_reports_changes_of_pace_not_every_request' {
        # A lone 429 changes no pace: it is announced once, as the retry it is.
        Set-EmulatorFault $script:Emulator @{ path = $script:Ids[2]; kind = '429'; retryAfter = 1; count = 1 }
        $lone = $script:Ids[0..5] | Get-AccessToken -ThrottleLimit 4 -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        @($lone | Where-Object { $_ -match '^Retrying GET .* after 429' }).Count | Should -Be 1
        @($lone | Where-Object { $_ -match 'requests now go at' }).Count | Should -Be 0

        # Under a limit met again and again, a few changes of pace for many requests.
        Clear-EmulatorFault $script:Emulator
        Connect-CurrentApi $script:Emulator
        Set-EmulatorRateLimit $script:Emulator -RequestsPerSecond 50 -Burst 10 -RetryAfter 1 -Headers $false | Out-Null
        $ids = $script:Ids * 4
        $verbose = $ids | Get-AccessToken -ThrottleLimit 16 -Verbose -ErrorAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        $paceChanges = @($verbose | Where-Object { $_ -match 'requests now go at|Requests now go at' })
        $paceChanges.Count | Should -BeGreaterThan 0 -Because 'the limit was met and the pace changed'
        $paceChanges.Count | Should -BeLessThan ($ids.Count / 4)
        @($verbose | Where-Object { $_ -match '^Waiting ' }).Count | Should -Be 0 -Because 'waiting for a slot at the pace is not news'
    }

    It 'A_429_met_by_one_call_of_a_session_does_not_hold_back_the_next_call' {
        Set-EmulatorFault $script:Emulator @{ path = $script:Ids[0]; kind = '429'; retryAfter = 2; count = 1 }

        $null = Get-AccessToken -Id $script:Ids[0] -MaxRetries 0 -ErrorVariable failures -ErrorAction SilentlyContinue
        $null = Get-AccessToken -Id $script:Ids[1]

        $failures[0].FullyQualifiedErrorId | Should -BeLike 'RateLimited,*'
        (Get-Arrival $script:Ids[1])[0] - (Get-Arrival $script:Ids[0])[0] | Should -BeLessThan ([TimeSpan]::FromMilliseconds(1500))
    }

    It 'Two_pwsh_processes_sharing_one_limit_lose_nothing_and_keep_their_order' {
        Reset-Emulator $script:Emulator -SeedCount 400
        $ids = @(1..400 | Get-EmulatorSeedId)
        Set-EmulatorRateLimit $script:Emulator -RequestsPerSecond 100 -Burst 20 -RetryAfter 1 -Headers $false | Out-Null
        $part = {
            param($ModulePath, $Url, $ApiToken, $Ids)
            Import-Module $ModulePath
            $token = ConvertTo-SecureString $ApiToken -AsPlainText -Force
            $tokens = @($Ids -split ',' | Get-AccessToken -ApiToken $token -BaseUri $Url -ThrottleLimit 16 -ErrorAction SilentlyContinue -ErrorVariable failed)
            @{ ids = $tokens.Id -join ','; failed = @($failed | ForEach-Object TargetObject) -join ',' } | ConvertTo-Json -Compress
        }
        $halves = ($ids[0..199] -join ','), ($ids[200..399] -join ',')
        $jobs = foreach ($half in $halves) {
            # Two processes at once, each a fresh PowerShell of this edition.
            $child = Start-PowerShell -Command "& { $part } '$env:ACCESSTOKEN_TEST_MODULE' '$($script:Emulator.Url)' '$($script:Emulator.ApiToken)' '$half'"
            $child | Add-Member -NotePropertyName Ids -NotePropertyValue $half -PassThru
        }

        foreach ($job in $jobs) {
            $job.Process.WaitForExit(120000) | Should -BeTrue
            $job.Process.ExitCode | Should -Be 0
            $result = $job.Output.Result.Trim() -split "`n" | Select-Object -Last 1 | ConvertFrom-Json
            $failed = @($result.failed -split ',' | Where-Object { $_ })
            $answered = @($result.ids -split ',' | Where-Object { $_ })
            $answered.Count + $failed.Count | Should -Be 200
            $answered | Should -Be @($job.Ids -split ',' | Where-Object { $_ -notin $failed })
        }
        (Get-EmulatorRateLimit $script:Emulator).refused | Should -BeGreaterThan 0 -Because 'the two met the limit they share'
    }

    It 'A_limit_that_tightens_and_relaxes_while_the_gets_run_loses_nothing' {
        Set-EmulatorRateLimit $script:Emulator -RequestsPerSecond 200 -Burst 40 -RetryAfter 1 -Headers $false | Out-Null
        $ids = $script:Ids * 5
        $changer = Start-ThreadJob -ScriptBlock {
            param($EmulatorControl, $Emulator)
            Import-Module $EmulatorControl
            Start-Sleep -Milliseconds 300
            Update-EmulatorRateLimit $Emulator -RequestsPerSecond 50 | Out-Null
            Start-Sleep -Milliseconds 1000
            Update-EmulatorRateLimit $Emulator -RequestsPerSecond 200 | Out-Null
        } -ArgumentList (Join-Path $PSScriptRoot '../EmulatorControl.psm1'), $script:Emulator

        $output = @($ids | Get-AccessToken -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $changer | Wait-Job | Receive-Job
        $changer | Remove-Job

        $output.Count + $failures.Count | Should -Be $ids.Count
        $output.Id | Should -Be @($ids | Where-Object { $_ -notin $failures.TargetObject })
        (Get-EmulatorRateLimit $script:Emulator).requestsPerSecond | Should -Be 200
    }

    # How many requests a limit refuses over a long run is a goal of the benchmark, not a test.
    It 'Under_a_rate_limit_at_ThrottleLimit_16_nothing_is_lost_and_the_order_is_kept' {
        Set-EmulatorRateLimit $script:Emulator -RequestsPerSecond 100 -Burst 20 -RetryAfter 1 -Headers $false | Out-Null

        $output = @($script:Ids + $script:Ids | Get-AccessToken -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $output.Count + $failures.Count | Should -Be 80
        $output.Id | Should -Be (($script:Ids + $script:Ids) | Where-Object { $_ -notin $failures.TargetObject })
        (Get-EmulatorRateLimit $script:Emulator).refused | Should -BeGreaterThan 0 -Because 'the limit was met'
    }

    It 'RateLimit_headers_slow_requests_down_before_the_server_refuses_them' {
        $refused = foreach ($headers in $false, $true) {
            Reset-Emulator $script:Emulator -SeedCount 40
            Connect-CurrentApi $script:Emulator
            Set-EmulatorRateLimit $script:Emulator -RequestsPerSecond 50 -Burst 10 -RetryAfter 1 -Headers $headers | Out-Null
            $null = $script:Ids | Get-AccessToken -ThrottleLimit 8 -ErrorAction SilentlyContinue
            (Get-EmulatorRateLimit $script:Emulator).refused
        }

        $refused[1] | Should -BeLessThan $refused[0]
    }
}
