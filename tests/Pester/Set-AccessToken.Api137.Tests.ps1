# Set-AccessToken under API 1.3.7, the seed's contract (/access-tokens): what it sends (PATCH, only the fields given), what it refuses before sending,
# its input binding, -WhatIf and -PassThru, and how server failures reach the user.
BeforeAll {
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7' -NoConnection

    # The headers of the contract's reference exchange for a request that carries a JSON body.
    function Assert-PatchRequest($Request, [string] $Id, [string] $Body, [string] $Query = $DefaultFlags) {
        Assert-Request $Request -Method PATCH -Path "/access-tokens/$Id" -Query $Query -ApiToken $script:Emulator.ApiToken -WithBody -Body $Body -ApiVersion '1.3.7'
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Set-AccessToken' {
    BeforeEach {
        Reset-Emulator $script:Emulator
    }

    Context 'Request body' {
        It 'Status_only_sends_exactly_the_lower_case_status' {
            Set-AccessToken -Id 5a0000000000000000000001 -Status Inactive @Connection

            $requests = Get-Request
            $requests.Count | Should -Be 1
            Assert-PatchRequest $requests[0] -Id 5a0000000000000000000001 -Body '{"status":"inactive"}'
            (Get-StoredToken $script:Emulator 5a0000000000000000000001).status | Should -BeExactly 'inactive'
        }

        It 'Name_only_sends_exactly_the_name' {
            Set-AccessToken -Id 5a0000000000000000000003 -Name 'n' @Connection

            $requests = Get-Request
            $requests.Count | Should -Be 1
            Assert-PatchRequest $requests[0] -Id 5a0000000000000000000003 -Body '{"name":"n"}'
            $stored = Get-StoredToken $script:Emulator 5a0000000000000000000003
            $stored.name | Should -BeExactly 'n'
            $stored.status | Should -BeExactly 'inactive'
        }

        It 'Name_and_Status_send_both_fields_and_nothing_else' {
            Set-AccessToken -Id 5a0000000000000000000003 -Name 'n' -Status Active @Connection

            $requests = Get-Request
            $requests.Count | Should -Be 1
            Assert-PatchRequest $requests[0] -Id 5a0000000000000000000003 -Body '{"name":"n","status":"active"}'
            (Get-StoredToken $script:Emulator 5a0000000000000000000003).status | Should -BeExactly 'active'
        }

        It 'Name_of_255_characters_is_sent_whole' {
            $name = 'x' * 255
            Set-AccessToken -Id 5a0000000000000000000002 -Name $name @Connection

            (Get-Request)[0].body | Should -BeExactly "{`"name`":`"$name`"}"
            (Get-StoredToken $script:Emulator 5a0000000000000000000002).name | Should -BeExactly $name
        }
    }

    Context 'Refused before any request' {
        It 'Without_Name_or_Status_fails_with_NoChangeGiven_and_sends_nothing' {
            { Set-AccessToken -Id 5a0000000000000000000001 @Connection } |
                Should -Throw -ErrorId 'NoChangeGiven,Losant.AccessTokens.Commands.SetAccessTokenCommand'
            { '5a0000000000000000000001', '5a0000000000000000000002' | Set-AccessToken @Connection } |
                Should -Throw -ErrorId 'NoChangeGiven,Losant.AccessTokens.Commands.SetAccessTokenCommand'

            (Get-Request).Count | Should -Be 0
        }

        It 'Name_of_256_characters_is_refused_by_parameter_binding_and_sends_nothing' {
            { Set-AccessToken -Id 5a0000000000000000000001 -Name ('x' * 256) @Connection } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.SetAccessTokenCommand'
            { Set-AccessToken -Id 5a0000000000000000000001 -Name '' @Connection } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Losant.AccessTokens.Commands.SetAccessTokenCommand'

            (Get-Request).Count | Should -Be 0
        }

        It 'Status_other_than_Active_or_Inactive_is_refused_by_parameter_binding_and_sends_nothing' {
            { Set-AccessToken -Id 5a0000000000000000000001 -Status Disabled @Connection } |
                Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
            { Set-AccessToken -Id 5a0000000000000000000001 -Status 2 @Connection } |
                Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])

            (Get-Request).Count | Should -Be 0
        }
    }

    Context 'ShouldProcess and output' {
        It 'WhatIf_sends_nothing_and_emits_nothing' {
            $output = @(Set-AccessToken -Id 5a0000000000000000000001 -Name 'n' -Status Inactive -WhatIf @Connection)
            $piped = @(Get-AccessToken -Id 5a0000000000000000000002 @Connection | Set-AccessToken -Status Inactive -WhatIf -PassThru @Connection)

            $output.Count | Should -Be 0
            $piped.Count | Should -Be 0
            @(Get-Request | Where-Object method -EQ 'PATCH').Count | Should -Be 0
            (Get-StoredToken $script:Emulator 5a0000000000000000000001).status | Should -BeExactly 'active'
        }

        It 'Without_PassThru_nothing_is_emitted' {
            $output = @(Set-AccessToken -Id 5a0000000000000000000001, 5a0000000000000000000002 -Status Inactive @Connection)

            $output.Count | Should -Be 0
            (Get-Request).Count | Should -Be 2
        }

        It 'PassThru_emits_the_updated_token_as_the_API_returned_it' {
            $before = Get-StoredToken $script:Emulator 5a0000000000000000000003

            $output = @(Set-AccessToken -Id 5a0000000000000000000003 -Name 'Renamed' -Status Active -PassThru @Connection)

            $output.Count | Should -Be 1
            $token = $output[0]
            $token.PSObject.TypeNames[0] | Should -BeExactly 'Losant.AccessTokens.Models.AccessToken'
            $token.Id | Should -BeExactly '5a0000000000000000000003'
            $token.Name | Should -BeExactly 'Renamed'
            $token.Status | Should -Be 'Active'
            $token.Scope | Should -Be @('all.Application')
            $after = Get-StoredToken $script:Emulator 5a0000000000000000000003
            $token.LastUpdated | Should -Be ([datetime]$after.lastUpdated).ToUniversalTime()
            $token.LastUpdated | Should -BeGreaterThan ([datetime]$before.lastUpdated).ToUniversalTime()
        }
    }

    Context 'Input binding' {
        It 'Ids_from_the_pipeline_by_value_are_patched_in_order' {
            '5a0000000000000000000004', '5a0000000000000000000001', '5a0000000000000000000002' |
                Set-AccessToken -Status Inactive @Connection

            $requests = Get-Request
            $requests.path | Should -Be @('/access-tokens/5a0000000000000000000004', '/access-tokens/5a0000000000000000000001', '/access-tokens/5a0000000000000000000002')
            $requests.body | Should -Be @('{"status":"inactive"}', '{"status":"inactive"}', '{"status":"inactive"}')
        }

        It 'Ids_from_the_pipeline_by_property_name_Id_or_AccessTokenId_are_patched' {
            [pscustomobject]@{ Id = '5a0000000000000000000001' }, [pscustomobject]@{ AccessTokenId = '5a0000000000000000000002' } |
                Set-AccessToken -Name 'n' @Connection

            (Get-Request).path | Should -Be @('/access-tokens/5a0000000000000000000001', '/access-tokens/5a0000000000000000000002')
        }

        It 'Token_objects_from_Get_AccessToken_are_patched_by_their_id' {
            $tokens = @(Get-AccessToken @Connection | Where-Object Status -EQ Active)
            Clear-EmulatorRequest $script:Emulator

            $tokens | Set-AccessToken -Status Inactive @Connection

            $requests = Get-Request
            $requests.Count | Should -Be 3
            $activeIds = '5a0000000000000000000001', '5a0000000000000000000002', '5a0000000000000000000004'
            for ($i = 0; $i -lt 3; $i++) { Assert-PatchRequest $requests[$i] -Id $activeIds[$i] -Body '{"status":"inactive"}' }
            @(Get-EmulatorToken $script:Emulator | Where-Object status -EQ 'active').Count | Should -Be 0
        }

        It 'Piped_token_objects_bind_as_objects_so_the_confirmation_target_names_the_token' {
            $token = Get-AccessToken -Id 5a0000000000000000000002 @Connection

            $verbose = @($token | Set-AccessToken -Status Inactive -Verbose @Connection 4>&1 |
                    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*Performing the operation*' })

            $verbose.Count | Should -Be 1
            $verbose[0].Message | Should -BeLike "*access token 'Deploy pipeline' (5a0000000000000000000002)*"
        }

        It 'InputObject_parameter_takes_a_token_object' {
            $token = Get-AccessToken -Id 5a0000000000000000000005 @Connection
            Clear-EmulatorRequest $script:Emulator

            $updated = Set-AccessToken -InputObject $token -Status Active -PassThru @Connection

            $updated.Id | Should -BeExactly '5a0000000000000000000005'
            Assert-PatchRequest (Get-Request)[0] -Id 5a0000000000000000000005 -Body '{"status":"active"}'
        }
    }

    Context 'Server failures' {
        It 'A_404_in_the_middle_of_a_pipeline_is_one_error_for_that_id_and_the_others_are_updated_in_order' {
            $output = @('5a0000000000000000000001', $MissingId, '5a0000000000000000000002' |
                    Set-AccessToken -Name 'n' -PassThru @Connection -ErrorVariable failures -ErrorAction SilentlyContinue)

            $output.Id | Should -Be @('5a0000000000000000000001', '5a0000000000000000000002')
            $failures.Count | Should -Be 1
            $failures[0].TargetObject | Should -BeExactly $MissingId
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].FullyQualifiedErrorId | Should -BeExactly 'AccessTokenNotFound,Losant.AccessTokens.Commands.SetAccessTokenCommand'
            (Get-Request).path | Should -Be @("/access-tokens/5a0000000000000000000001", "/access-tokens/$($MissingId)", "/access-tokens/5a0000000000000000000002")
        }
    }
}
