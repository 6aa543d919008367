package io.ferryrpc.benchmark.workload;

import java.io.Serializable;
import java.util.List;

/** One page of results, as in the apache/dubbo-benchmark workload. */
public class Page<T> implements Serializable {

    private static final long serialVersionUID = 1L;

    private int pageNo;
    private int total;
    private List<T> result;

    /** Returns the page number. */
    public int getPageNo() {
        return pageNo;
    }

    /** Sets the page number. */
    public void setPageNo(int pageNo) {
        this.pageNo = pageNo;
    }

    /** Returns the total number of results across all pages. */
    public int getTotal() {
        return total;
    }

    /** Sets the total number of results across all pages. */
    public void setTotal(int total) {
        this.total = total;
    }

    /** Returns this page's results. */
    public List<T> getResult() {
        return result;
    }

    /** Sets this page's results. */
    public void setResult(List<T> result) {
        this.result = result;
    }
}
