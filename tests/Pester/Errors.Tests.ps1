# How API failures reach the user: one non-terminating ErrorRecord per failed input, with the
# category of the contract's table, the API's message, the input as target, no .NET stack
# trace and no secret; the other inputs go on.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7'

    $script:WrongApiToken = 'wrong-secret-api-token-4f1c'
    $script:GetCommand = 'Losant.AccessTokens.Commands.GetAccessTokenCommand'

    function Get-ErrorText {
        # Everything a user could see of an error: its display, message, details and exception properties.
        param([Parameter(Mandatory)] [System.Management.Automation.ErrorRecord] $Record)
        ($Record | Out-String) + ($Record.Exception | Format-List * -Force | Out-String) +
            $Record.Exception.Message + $Record.ErrorDetails.Message + $Record.ErrorDetails.RecommendedAction + "$($Record.TargetObject)"
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'API failures' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    It 'A_<Status>_answer_becomes_one_<ErrorId>_error_in_category_<Category> with the API message and the id as target' -ForEach @(
        @{ Status = 400; Fault = @{ kind = 'status'; status = 400 }; WrongToken = $false; ErrorId = 'InvalidRequest'; Category = 'InvalidArgument'; Message = 'Injected fault: HTTP 400 Bad Request' }
        @{ Status = 401; Fault = $null; WrongToken = $true; ErrorId = 'AuthenticationFailed'; Category = 'AuthenticationError'; Message = 'Invalid API token' }
        @{ Status = 403; Fault = @{ kind = 'status'; status = 403 }; WrongToken = $false; ErrorId = 'PermissionDenied'; Category = 'PermissionDenied'; Message = 'Injected fault: HTTP 403 Forbidden' }
        @{ Status = 404; Fault = $null; WrongToken = $false; ErrorId = 'AccessTokenNotFound'; Category = 'ObjectNotFound'; Message = 'Access token was not found' }
        @{ Status = 409; Fault = @{ kind = 'status'; status = 409 }; WrongToken = $false; ErrorId = 'AccessTokenConflict'; Category = 'ResourceExists'; Message = 'Injected fault: HTTP 409 Conflict' }
        @{ Status = 429; Fault = @{ kind = '429' }; WrongToken = $false; ErrorId = 'RateLimited'; Category = 'LimitsExceeded'; Message = 'Injected fault: HTTP 429 Too Many Requests' }
        @{ Status = 500; Fault = @{ kind = '500' }; WrongToken = $false; ErrorId = 'ServiceUnavailable'; Category = 'ResourceUnavailable'; Message = 'Injected fault: HTTP 500 Internal Server Error' }
        @{ Status = 503; Fault = @{ kind = 'status'; status = 503 }; WrongToken = $false; ErrorId = 'ServiceUnavailable'; Category = 'ResourceUnavailable'; Message = 'Injected fault: HTTP 503 Service Unavailable' }
    ) {
        if ($Fault) { Set-EmulatorFault $script:Emulator $Fault }
        $id = if ($Status -eq 404) { $MissingId } else { $FirstId }
        $connection = @{}
        if ($WrongToken) { $connection.ApiToken = ConvertTo-SecureString $script:WrongApiToken -AsPlainText -Force }

        $tokens = @(Get-AccessToken -Id $id -MaxRetries 0 @connection -ErrorVariable failures -ErrorAction SilentlyContinue)

        $tokens.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,$script:GetCommand"
        $failures[0].CategoryInfo.Category | Should -Be $Category
        $failures[0].ErrorDetails.Message | Should -BeExactly "Access token ${id}: $Message"
        $failures[0].ErrorDetails.RecommendedAction | Should -Not -BeNullOrEmpty
        $failures[0].TargetObject | Should -BeExactly $id
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 1
    }

    It 'A_body_that_is_not_the_expected_JSON_becomes_InvalidResponse_in_category_InvalidResult' {
        Set-EmulatorFault $script:Emulator @{ kind = 'wrongShape' }

        $tokens = @(Get-AccessToken -Id $FirstId -MaxRetries 0 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $tokens.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "InvalidResponse,$script:GetCommand"
        $failures[0].CategoryInfo.Category | Should -Be 'InvalidResult'
        $failures[0].TargetObject | Should -BeExactly $FirstId
    }

    It 'A_429_is_retried_MaxRetries_times_before_it_becomes_LimitsExceeded' {
        Set-EmulatorFault $script:Emulator @{ kind = '429'; retryAfter = 0 }

        $null = Get-AccessToken -Id $FirstId -MaxRetries 2 -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 3
    }

    It 'A_missing_id_in_the_middle_fails_alone_and_the_output_keeps_input_order <Source>' -ForEach @(
        @{ Source = 'from the parameter' }
        @{ Source = 'from the pipeline' }
    ) {
        $ids = $FirstId, $MissingId, $SecondId

        # Errors merged into the output show where each one falls among the objects.
        $output = if ($Source -eq 'from the pipeline') { $ids | Get-AccessToken -ErrorAction Continue 2>&1 } else { Get-AccessToken -Id $ids -ErrorAction Continue 2>&1 }

        $output.Count | Should -Be 3
        $output[0].Id | Should -Be $FirstId
        $output[1] | Should -BeOfType [System.Management.Automation.ErrorRecord]
        $output[1].FullyQualifiedErrorId | Should -BeExactly "AccessTokenNotFound,$script:GetCommand"
        $output[1].TargetObject | Should -BeExactly $MissingId
        $output[2].Id | Should -Be $SecondId
        (Get-EmulatorRequest $script:Emulator).path | Should -Be ($ids | ForEach-Object { "/access-tokens/$_" })
    }

    It 'A_failed_listing_is_one_error_and_no_objects' {
        Set-EmulatorFault $script:Emulator @{ kind = '500'; path = '^/access-tokens$' }

        $tokens = @(Get-AccessToken -MaxRetries 0 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $tokens.Count | Should -Be 0
        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeExactly "ServiceUnavailable,$script:GetCommand"
    }

    It 'A_listing_that_breaks_midway_keeps_the_tokens_already_read_then_reports_the_failure' {
        # The answer is cut in half: tokens before the cut arrive because the list is streamed, not buffered.
        Set-EmulatorFault $script:Emulator @{ kind = 'truncated'; path = '^/access-tokens$' }

        $output = @(Get-AccessToken -MaxRetries 0 -ErrorAction Continue 2>&1)

        $output.Count | Should -BeGreaterThan 1
        $output[0].Id | Should -Be $FirstId
        $output[-1] | Should -BeOfType [System.Management.Automation.ErrorRecord]
        @($output | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }).Count | Should -Be 1
    }

    It 'Among_many_ids_each_failure_names_its_own_id_in_the_message' {
        $ids = 1..10 | ForEach-Object { if ($_ % 3 -eq 0) { '5a00000000000000000000f' + $_.ToString('x') } else { Get-EmulatorSeedId (($_ % 5) + 1) } }
        $missing = @($ids | Where-Object { $_ -like '5a00000000000000000000f*' })

        $null = $ids | Get-AccessToken -ThrottleLimit 4 -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be $missing.Count
        for ($i = 0; $i -lt $missing.Count; $i++) {
            $failures[$i].TargetObject | Should -BeExactly $missing[$i]
            $failures[$i].ErrorDetails.Message | Should -BeExactly "Access token $($missing[$i]): Access token was not found"
            "$($failures[$i])" | Should -BeLike "*$($missing[$i])*"
        }
    }

    It 'ErrorAction_Stop_makes_the_first_failure_terminating_and_later_ids_are_not_fetched' {
        $thrown = { Get-AccessToken -Id $MissingId, $SecondId -ErrorAction Stop } |
            Should -Throw -ErrorId "AccessTokenNotFound,$script:GetCommand" -PassThru

        $thrown.TargetObject | Should -BeExactly $MissingId
        $thrown.ErrorDetails.Message | Should -BeExactly "Access token $($MissingId): Access token was not found"
        (Get-EmulatorRequest $script:Emulator).path | Should -Be "/access-tokens/$MissingId"
    }

    It 'Errors_show_no_stack_trace_of_the_module <Case>' -ForEach @(
        @{ Case = 'for a missing token'; Fault = $null; Id = '5a00000000000000000000ff' }
        @{ Case = 'for an invalid id'; Fault = $null; Id = 'not-an-id' }
        @{ Case = 'for an unexpected body'; Fault = @{ kind = 'wrongShape' }; Id = '5a0000000000000000000001' }
        @{ Case = 'for a server error'; Fault = @{ kind = 'html502' }; Id = '5a0000000000000000000001' }
    ) {
        if ($Fault) { Set-EmulatorFault $script:Emulator $Fault }

        $null = Get-AccessToken -Id $Id -MaxRetries 0 -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        $failures[0].Exception.Message | Should -Not -Match '\bat Losant\.'
        $failures[0].ErrorDetails.Message | Should -Not -Match '\bat Losant\.'
        $failures[0] | Out-String | Should -Not -Match '\bat Losant\.'
    }

    It 'Errors_never_show_the_API_token <Case>' -ForEach @(
        @{ Case = 'when it is refused'; Wrong = $true; Id = '5a0000000000000000000001' }
        @{ Case = 'when the token is not found'; Wrong = $false; Id = '5a00000000000000000000ff' }
    ) {
        $secret = if ($Wrong) { $script:WrongApiToken } else { $script:Emulator.ApiToken }
        $apiToken = ConvertTo-SecureString $secret -AsPlainText -Force

        $null = Get-AccessToken -Id $Id -ApiToken $apiToken -MaxRetries 0 -ErrorVariable failures -ErrorAction SilentlyContinue

        $failures.Count | Should -Be 1
        Get-ErrorText $failures[0] | Should -Not -Match ([regex]::Escape($secret))
    }
}
