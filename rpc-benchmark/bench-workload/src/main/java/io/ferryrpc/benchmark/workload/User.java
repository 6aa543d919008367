package io.ferryrpc.benchmark.workload;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/** The user record of the apache/dubbo-benchmark workload, field for field, so that payloads match theirs. */
public class User implements Serializable {

    private static final long serialVersionUID = 1L;

    private long id;
    private String name;
    private int sex;
    private LocalDate birthday;
    private String email;
    private String mobile;
    private String address;
    private String icon;
    private List<Integer> permissions;
    private int status;
    private LocalDateTime createTime;
    private LocalDateTime updateTime;

    /** Returns the id. */
    public long getId() {
        return id;
    }

    /** Sets the id. */
    public void setId(long id) {
        this.id = id;
    }

    /** Returns the name. */
    public String getName() {
        return name;
    }

    /** Sets the name. */
    public void setName(String name) {
        this.name = name;
    }

    /** Returns the sex code. */
    public int getSex() {
        return sex;
    }

    /** Sets the sex code. */
    public void setSex(int sex) {
        this.sex = sex;
    }

    /** Returns the birthday. */
    public LocalDate getBirthday() {
        return birthday;
    }

    /** Sets the birthday. */
    public void setBirthday(LocalDate birthday) {
        this.birthday = birthday;
    }

    /** Returns the e-mail address. */
    public String getEmail() {
        return email;
    }

    /** Sets the e-mail address. */
    public void setEmail(String email) {
        this.email = email;
    }

    /** Returns the mobile number. */
    public String getMobile() {
        return mobile;
    }

    /** Sets the mobile number. */
    public void setMobile(String mobile) {
        this.mobile = mobile;
    }

    /** Returns the postal address. */
    public String getAddress() {
        return address;
    }

    /** Sets the postal address. */
    public void setAddress(String address) {
        this.address = address;
    }

    /** Returns the icon URL. */
    public String getIcon() {
        return icon;
    }

    /** Sets the icon URL. */
    public void setIcon(String icon) {
        this.icon = icon;
    }

    /** Returns the permission codes. */
    public List<Integer> getPermissions() {
        return permissions;
    }

    /** Sets the permission codes. */
    public void setPermissions(List<Integer> permissions) {
        this.permissions = permissions;
    }

    /** Returns the status code. */
    public int getStatus() {
        return status;
    }

    /** Sets the status code. */
    public void setStatus(int status) {
        this.status = status;
    }

    /** Returns when the user was created. */
    public LocalDateTime getCreateTime() {
        return createTime;
    }

    /** Sets when the user was created. */
    public void setCreateTime(LocalDateTime createTime) {
        this.createTime = createTime;
    }

    /** Returns when the user was last updated. */
    public LocalDateTime getUpdateTime() {
        return updateTime;
    }

    /** Sets when the user was last updated. */
    public void setUpdateTime(LocalDateTime updateTime) {
        this.updateTime = updateTime;
    }
}
